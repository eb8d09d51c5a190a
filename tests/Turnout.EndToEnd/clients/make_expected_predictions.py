#!/usr/bin/python3
"""Regenerates expected_predictions.csv with libxgboost (Debian's python3-xgboost 1.7.4).

Usage: /usr/bin/python3 make_expected_predictions.py EXAMPLES_DIR OUT_CSV
where EXAMPLES_DIR is examples/churn-ab. One row per line of test-dataset-input-cols.csv
(all 334, the mangled first line included: it is numeric and the notebook sends it too).
"""
import csv
import os
import sys

import xgb_reference


def main():
    examples, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(examples, "test_data", "test-dataset-input-cols.csv")) as f:
        lines = [line.rstrip("\n") for line in f]
    columns = {}
    for variant, file in xgb_reference.MODEL_FILES.items():
        booster = xgb_reference.load_booster(os.path.join(examples, "model", file))
        columns[variant] = xgb_reference.predict_lines(booster, lines)
    with open(out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["line", *xgb_reference.MODEL_FILES, "features"])
        for i, line in enumerate(lines):
            writer.writerow([i + 1, *(repr(columns[v][i]) for v in xgb_reference.MODEL_FILES), line])


if __name__ == "__main__":
    main()
