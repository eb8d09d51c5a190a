"""The peer: the SageMaker XGBoost container's serving path (0.90-x branch), under gunicorn.

What the container does per request, kept: Flask reads the body, the CSV's delimiter is sniffed, rows
are split and parsed by numpy into a float32 matrix, wrapped in a DMatrix, predicted with the Booster
(OMP_NUM_THREADS=1), and the predictions are joined with commas as text/csv. Left out: nginx in front
(it only proxies), and the container's logging.

The model is the same tarball Turnout serves (BENCH_MODEL_TARBALL). xgboost 1.7 cannot unpickle a 0.90
Booster, so the pickle's state is read with a restricted unpickler and its 'handle' (the legacy binary
model) is loaded, as tests/Turnout.EndToEnd/clients/xgb_reference.py does.
"""
import csv
import http.client
import io
import os
import pickle
import tarfile

import flask
import numpy as np
import xgboost as xgb


class _BoosterState:
    def __init__(self, *args, **kwargs):
        self.state = None

    def __setstate__(self, state):
        self.state = state


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module == "xgboost.core" and name == "Booster":
            return _BoosterState
        if module.startswith("xgboost"):
            raise pickle.UnpicklingError(f"unexpected class {module}.{name} in model pickle")
        return super().find_class(module, name)


def load_booster(tarball):
    with tarfile.open(tarball, "r:gz") as tar:
        member = next(m for m in tar.getmembers() if m.isfile() and not m.name.split("/")[-1].startswith("."))
        raw = tar.extractfile(member).read()
    booster = xgb.Booster()
    booster.load_model(bytearray(_RestrictedUnpickler(io.BytesIO(raw)).load().state["handle"]))
    booster.set_param("nthread", 1)
    return booster


def csv_to_dmatrix(text):
    first = text.split("\n", 1)[0][:512]
    delimiter = csv.Sniffer().sniff(first).delimiter
    delimiter = "," if delimiter.isalnum() else delimiter
    rows = [line.split(delimiter) for line in text.split("\n") if line.strip()]
    matrix = np.array([[v if v != "" else "nan" for v in row] for row in rows]).astype(np.float32)
    return xgb.DMatrix(matrix)


BOOSTER = load_booster(os.environ["BENCH_MODEL_TARBALL"])
app = flask.Flask(__name__)


@app.route("/ping", methods=["GET"])
def ping():
    return flask.Response(status=http.client.OK)


@app.route("/invocations", methods=["POST"])
def invocations():
    payload = flask.request.data
    if len(payload) == 0:
        return flask.Response(response="", status=http.client.NO_CONTENT)
    content_type = (flask.request.content_type or "").split(";")[0].strip().lower()
    if content_type != "text/csv":
        return flask.Response(response=f"Content-type {content_type} not supported", status=http.client.UNSUPPORTED_MEDIA_TYPE)
    try:
        dtest = csv_to_dmatrix(payload.decode("utf-8"))
    except Exception as e:  # the container answers undecodable input with 415
        return flask.Response(response=str(e), status=http.client.UNSUPPORTED_MEDIA_TYPE)
    try:
        preds = BOOSTER.predict(dtest, validate_features=False)
    except Exception as e:
        return flask.Response(response=f"Unable to evaluate payload provided: {e}", status=http.client.BAD_REQUEST)
    return flask.Response(response=",".join(map(str, preds.tolist())), status=http.client.OK, mimetype="text/csv")
