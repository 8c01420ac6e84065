"""model_export/_common.py: the helpers every module shares."""
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from model_export._common import json_safe
from export_support import export, iris_namespace


def test_params_that_json_cannot_hold_become_their_repr():
    params = {"missing": float("nan"), "n": np.int64(3), "steps": [("scale", StandardScaler())], "f": len}
    assert json_safe(params) == {
        "missing": "nan", "n": 3, "steps": [["scale", "StandardScaler()"]], "f": "<built-in function len>"}


def test_a_module_with_a_shape_attribute_beside_a_fitted_scaler_is_not_taken_for_a_table(tmp_path):
    namespace = iris_namespace(LogisticRegression(max_iter=500))
    namespace.update(np=np, pd=pd, scaler=StandardScaler().fit(namespace["X_train"]))  # np.shape is a function
    assert export(namespace, tmp_path)["estimator"] == "LogisticRegression"
