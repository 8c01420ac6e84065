"""The naive baseline ml_app is measured against; for comparison only, never deployed.

It is the textbook way to serve a notebook's model, kept deliberately plain:
Flask, the model loaded with joblib at import, `predict_proba([[...]])` on
each request and `jsonify` for the answer. bench/run.py serves it with
gunicorn's sync worker, 2 workers, as in the reference measurement. It
answers the same request bodies as ml_app (one row, or `{"instances": [...]}`).
"""
import json
import os
import warnings

import joblib
from flask import Flask, jsonify, request

FIELDS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
MODEL_DIR = os.environ["MODEL_DIR"]

# A model fitted on a DataFrame warns on every list input. Silenced, as ml_app
# silences it, so the baseline is not charged for writing warnings to its log.
warnings.filterwarnings("ignore", message="X does not have valid feature names", category=UserWarning)

model = joblib.load(os.path.join(MODEL_DIR, "model.joblib"))
with open(os.path.join(MODEL_DIR, "model.json")) as meta:
    class_names = json.load(meta)["class_names"]

app = Flask(__name__)


@app.route("/ready")
def ready():
    """200 as soon as a worker is up: the model was loaded at import."""
    return jsonify(status="ready")


@app.route("/prediction", methods=["POST"])
def prediction():
    """One row, or a batch under "instances"; the four fields in Iris order."""
    body = request.get_json()
    try:
        rows = [[float(row[f]) for f in FIELDS] for row in body.get("instances", [body])]
    except (KeyError, TypeError, ValueError, AttributeError):
        return jsonify(error=f"send an object with {', '.join(FIELDS)}, or {{\"instances\": [...]}}"), 400
    answers = [answer(p) for p in model.predict_proba(rows)]
    return jsonify(predictions=answers) if "instances" in body else jsonify(answers[0])


def answer(probabilities):
    """The predicted class name, its probability, and every class's probability."""
    best = int(probabilities.argmax())
    return {
        "prediction": class_names[best],
        "probability": float(probabilities[best]),
        "probabilities": dict(zip(class_names, probabilities.tolist())),
    }
