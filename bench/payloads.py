"""The request bodies both servers are loaded with, written once per run.

They come from the served artifact: an Iris model (format 1, or format 2 with the Iris
inputs) is loaded with real Iris measurements, as always; any other model with the example
rows of its model.json (format 2's `examples`, rows of its own training data), in turn.
"""
import json
import pathlib

from sklearn.datasets import load_iris

from contract import FIELDS, META_FILE  # scikit-learn's Iris columns are in this order
BATCH_ROWS = 1000


def rows_for(model_dir: pathlib.Path | None) -> list:
    """BATCH_ROWS request rows for the model in model_dir (Iris when None or an Iris model)."""
    meta = json.loads((model_dir / META_FILE).read_text()) if model_dir is not None else {}
    names = [spec.get("name") for spec in meta.get("inputs", [])]
    if meta.get("format_version", 1) == 1 or names == list(FIELDS):
        iris = load_iris().data.tolist()
        return [dict(zip(FIELDS, iris[i % len(iris)])) for i in range(BATCH_ROWS)]
    examples = [example["values"] for example in meta["examples"]]
    return [dict(examples[i % len(examples)]) for i in range(BATCH_ROWS)]


def write(folder: pathlib.Path, model_dir: pathlib.Path | None = None) -> dict:
    """Write a one-row body and a 1,000-row `{"instances": [...]}` body for the model in
    model_dir; return their paths as {"single": ..., "batch": ...}."""
    rows = rows_for(model_dir)
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {"single": rows[0], "batch": {"instances": rows}}
    paths = {}
    for name, body in bodies.items():
        paths[name] = folder / f"body-{name}.json"
        paths[name].write_text(json.dumps(body))
    return paths
