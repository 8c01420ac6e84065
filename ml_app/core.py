"""The prediction core: bytes in, status and bytes out, no web framework.

POST /prediction (prediction.py) and the Open Inference Protocol's infer (v2.py)
both pass `PredictionCore.admit` and predict with `PredictionCore.classify`, so
there is one contract and one set of checks. A client's mistake is raised as an
`ApiError`; the edge (ml_app/edge/) answers it in the route's shape, as it does
the token check, the body limit, request ids, metrics and logs, for every route.
"""
from typing import NamedTuple

import numpy as np
import orjson

from .batch_rows import as_rows
from .config import Settings
from .errors import ApiError
from .metrics import Recorder
from .schema import parse_request

JSON_TYPE = "application/json"


class Reply(NamedTuple):
    """What to send back: status, JSON body, and rows predicted (for the access line)."""

    status: int
    body: bytes
    rows: int = 0


class ModelState:
    """Holds the model once it is loaded and verified; None until then (not ready)."""

    def __init__(self, model_dir):
        self.model_dir = model_dir
        self.model = None


class PredictionCore:
    """Validates, predicts and encodes one /prediction request."""

    def __init__(self, state: ModelState, settings: Settings, recorder: Recorder):
        self.state = state
        self.settings = settings
        self.recorder = recorder

    def predict(self, body: bytes, content_type: str | None) -> Reply:
        """Answer a POST /prediction (raises ApiError for the client's mistakes)."""
        model = self.admit(content_type)
        rows, batch = parse_request(body, self.settings.max_batch_rows, model.contract)
        if not batch:
            return self._predict_one(model, rows)
        if model.is_regression:
            answers = [{"prediction": value} for value in model.predictions(rows)]
        else:
            proba, best = self.classify(model, rows)
            answers = as_rows(model.class_names, proba, best)
        notes = model.warnings(rows)
        if notes is not None:  # only rows unlike the training data carry "warnings"
            for answer, warnings in zip(answers, notes):
                if warnings:
                    answer["warnings"] = warnings
        payload = {"predictions": answers, "model_version": model.version}
        return Reply(200, orjson.dumps(payload), len(rows))

    def _predict_one(self, model, row: list) -> Reply:
        """One flower, the common request, in plain Python floats end to end: the same
        answer as a batch's row, without NumPy's per-call cost."""
        if model.is_regression:
            return self._regress_one(model, row)
        proba = model.probabilities_one(row)
        best = (max(range(len(proba)), key=proba.__getitem__)  # the first of equal maxima, like argmax
                if model.decide is None else model.decided_one(row))  # predict's class (predicted_class.py)
        self.recorder.prediction(best)
        names = model.class_names
        payload = {"prediction": names[best], "probability": proba[best], "probabilities": dict(zip(names, proba))}
        warnings = model.warnings_one(row)
        if warnings:
            payload["warnings"] = warnings
        payload["model_version"] = model.version
        return Reply(200, orjson.dumps(payload), 1)

    def _regress_one(self, model, row: list) -> Reply:
        """One row of a regressor: {"prediction": number}, its warnings, the model version."""
        payload = {"prediction": model.probabilities_one(row)[0]}
        warnings = model.warnings_one(row)
        if warnings:
            payload["warnings"] = warnings
        payload["model_version"] = model.version
        return Reply(200, orjson.dumps(payload), 1)

    def admit(self, content_type: str | None):
        """The checks every prediction request passes before its body is parsed (a loaded
        model, a JSON body; the edge has checked the token); returns the model (raises
        ApiError 503, 415)."""
        model = self.state.model
        if model is None:
            raise ApiError(503, "The model is not loaded yet; retry when /ready answers 200.")
        if not is_json(content_type):
            raise ApiError(415, f"Send the body as {JSON_TYPE}, not {content_type or 'no content type'}.")
        return model

    def classify(self, model, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities and the predicted class index of validated rows, counted in the metrics."""
        proba, best = model.classify(rows)
        self.recorder.predictions(best)
        return proba, best


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type is JSON (`application/json`, any parameters, or a `+json` type)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == JSON_TYPE or (media.startswith("application/") and media.endswith("+json"))
