"""Reference predictions for the notebook's two SageMaker XGBoost 0.90 artifacts.

Used by notebook_flow.py (when xgboost is importable) and by make_expected_predictions.py,
which writes the committed expected_predictions.csv for interpreters without xgboost.
"""
import csv

from xgb_pickle_loader import load_booster  # noqa: F401  (callers use xgb_reference.load_booster)

MODEL_FILES = {
    "Variant1": "xgb-churn-prediction-model.tar.gz",
    "Variant2": "xgb-churn-prediction-model2.tar.gz",
}


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
