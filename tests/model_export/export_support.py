"""Namespaces standing for a notebook's globals, and the export run on them, for tests/model_export."""
import pathlib

import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from model_export.run import export_model


def iris_namespace(model=None):
    """What the project notebook leaves in globals: a Bunch, DataFrames, a split and a fitted model."""
    iris = load_iris(as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(
        iris.data, iris.target, test_size=0.25, stratify=iris.target, random_state=0
    )
    model = model if model is not None else make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    model.fit(X_train, y_train)
    return {"iris": iris, "X": iris.data, "X_train": X_train, "X_test": X_test,
            "y_train": y_train, "y_test": y_test, "model": model}


def export(namespace, folder, **options):
    return export_model(namespace, model_dir=str(folder), **options)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(folder).iterdir())}


KAGGLE_COLUMNS = ["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"]


def kaggle_frame():
    """Kaggle's Iris.csv as a DataFrame: measurements and the species as text."""
    data = load_iris()
    frame = pd.DataFrame(data.data, columns=KAGGLE_COLUMNS)
    frame["Species"] = ["Iris-" + data.target_names[t] for t in data.target]
    return frame
