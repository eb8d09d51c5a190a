#!/usr/bin/env python3
"""Writes the benchmark's large model: 1000 trees, depth 8, 200 features (reg:squarederror, hist).

    /usr/bin/python3 bench/gen_bench_model.py

Uses Debian's python3-xgboost 1.7.4. Output (git-ignored, ~20 MB): bench/models/large-1000x8x200.ubj,
plus 10 000 input rows as float32 little-endian (bench/models/large-rows.f32) and libxgboost's predictions
for them (large-expected.f32), which the benchmark checks Turnout against before timing anything.
"""
import os

import numpy as np
import xgboost as xgb

assert xgb.__version__ == "1.7.4", xgb.__version__
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
os.makedirs(OUT, exist_ok=True)

rng = np.random.RandomState(7)
n, nf = 4000, 200
X = rng.normal(size=(n, nf)).astype(np.float32)
X[rng.rand(n, nf) < 0.05] = np.nan
w = rng.normal(size=nf)
y = np.nan_to_num(X) @ w + np.sin(3 * np.nan_to_num(X[:, :20])).sum(1) + rng.normal(size=n)
d = xgb.DMatrix(X, y.astype(np.float32), missing=np.nan)
params = {"objective": "reg:squarederror", "tree_method": "hist", "max_depth": 8, "eta": 0.05,
          "min_child_weight": 0, "max_bin": 64, "subsample": 0.8, "colsample_bytree": 0.8, "seed": 0, "nthread": 2}
booster = xgb.train(params, d, num_boost_round=1000)
booster.save_model(os.path.join(OUT, "large-1000x8x200.ubj"))

rows = rng.normal(size=(10000, nf)).astype(np.float32)
rows[rng.rand(10000, nf) < 0.05] = np.nan
rows.tofile(os.path.join(OUT, "large-rows.f32"))
booster.set_param("nthread", 1)
booster.predict(xgb.DMatrix(rows, missing=np.nan)).astype(np.float32).tofile(os.path.join(OUT, "large-expected.f32"))
print("trees", len(booster.get_dump()))
