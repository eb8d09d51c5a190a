"""Reference predictions for the notebook's two SageMaker XGBoost 0.90 artifacts.

Used by notebook_flow.py (when xgboost is importable) and by make_expected_predictions.py,
which writes the committed expected_predictions.csv for interpreters without xgboost.
"""
import csv
import io
import pickle
import tarfile

MODEL_FILES = {
    "Variant1": "xgb-churn-prediction-model.tar.gz",
    "Variant2": "xgb-churn-prediction-model2.tar.gz",
}


class _BoosterState:
    """Stands in for xgboost.core.Booster: xgboost 1.7 cannot unpickle a 0.90 Booster itself,
    but the pickle's state dict carries the legacy binary model in 'handle'."""

    def __init__(self, *args, **kwargs):
        self.state = None

    def __setstate__(self, state):
        self.state = state


class _RestrictedUnpickler(pickle.Unpickler):
    # Only the Booster class is faked; anything else from xgboost is refused so a surprising
    # artifact fails loudly instead of being half-read.
    def find_class(self, module, name):
        if module == "xgboost.core" and name == "Booster":
            return _BoosterState
        if module.startswith("xgboost"):
            raise pickle.UnpicklingError(f"unexpected class {module}.{name} in model pickle")
        return super().find_class(module, name)


def load_booster(tarball_path):
    import xgboost  # imported lazily: only Debian's python has it

    with tarfile.open(tarball_path, "r:gz") as tar:
        member = next(m for m in tar.getmembers() if m.isfile() and not m.name.split("/")[-1].startswith("."))
        raw = tar.extractfile(member).read()
    state = _RestrictedUnpickler(io.BytesIO(raw)).load()
    booster = xgboost.Booster()
    booster.load_model(bytearray(state.state["handle"]))
    return booster


def predict_lines(booster, lines):
    """Predictions (float32 widened to float) for CSV lines of 69 features each."""
    import numpy
    import xgboost

    rows = [[float(v) if v != "" else float("nan") for v in line.split(",")] for line in lines]
    matrix = numpy.array(rows, dtype=numpy.float32)
    return [float(p) for p in booster.predict(xgboost.DMatrix(matrix))]


def read_expected_file(path):
    """{variant: {line_text: prediction}} from expected_predictions.csv."""
    expected = {v: {} for v in MODEL_FILES}
    with open(path, newline="") as f:
        for record in csv.DictReader(f):
            for variant in MODEL_FILES:
                expected[variant][record["features"]] = float(record[variant])
    return expected
