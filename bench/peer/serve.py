"""The peer: the SageMaker XGBoost container's serving path (0.90-x branch), under gunicorn.

What the container does per request, kept: Flask reads the body, the CSV's delimiter is sniffed, rows
are split and parsed by numpy into a float32 matrix, wrapped in a DMatrix, predicted with the Booster
(OMP_NUM_THREADS=1), and the predictions are joined with commas as text/csv. Left out: nginx in front
(it only proxies), and the container's logging.

The model is the same tarball Turnout serves (BENCH_MODEL_TARBALL). xgboost 1.7 cannot unpickle a 0.90
Booster, so it is loaded by tests/Turnout.EndToEnd/clients/xgb_pickle_loader.py, the loader the tests'
reference predictions use.
"""
import csv
import http.client
import os
import sys

import flask
import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "Turnout.EndToEnd", "clients"))
import xgb_pickle_loader  # noqa: E402  (found through the path above)


def load_booster(tarball):
    booster = xgb_pickle_loader.load_booster(tarball)
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
