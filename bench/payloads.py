"""The request bodies both servers are loaded with, written once per run."""
import json
import pathlib

from sklearn.datasets import load_iris

from contract import FIELDS  # scikit-learn's Iris columns are in this order
BATCH_ROWS = 1000


def write(folder: pathlib.Path) -> dict:
    """Write a one-row body and a 1,000-row `{"instances": [...]}` body of real Iris
    measurements; return their paths as {"single": ..., "batch": ...}."""
    iris = load_iris().data.tolist()
    rows = [dict(zip(FIELDS, iris[i % len(iris)])) for i in range(BATCH_ROWS)]
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {"single": rows[0], "batch": {"instances": rows}}
    paths = {}
    for name, body in bodies.items():
        paths[name] = folder / f"body-{name}.json"
        paths[name].write_text(json.dumps(body))
    return paths
