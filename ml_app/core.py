"""The prediction core: bytes in, status and bytes out, no web framework.

The Flask route and the ASGI front (front.py) both call `PredictionCore.predict`, and
both close a request with `PredictionCore.finish`, so there is one contract,
one set of errors, one authorisation check, one set of metrics and one log format.
"""
import hmac
from typing import NamedTuple

import numpy as np
import orjson

from . import logs
from .config import Settings
from .errors import ApiError, error_body
from .metrics import Recorder
from .schema import parse_request

JSON_TYPE = "application/json"


class Reply(NamedTuple):
    """What to send back: status, JSON body, extra headers, and rows predicted (for the log)."""

    status: int
    body: bytes
    headers: tuple = ()
    rows: int = 0


class ModelState:
    """Holds the model once it is loaded and verified; None until then (not ready)."""

    def __init__(self, model_dir):
        self.model_dir = model_dir
        self.model = None


def too_large(limit: int) -> ApiError:
    """The 413 for a body over the size limit, the same from either entry point."""
    return ApiError(413, f"The request body is larger than the {limit}-byte limit.",
                    code="payload_too_large")


def internal_message(request_id: str) -> str:
    """What a client is told of an unexpected failure: only the id to quote (the log has the rest)."""
    return f"Unexpected server error; the log has the details under request id {request_id}."


def internal_error(request_id: str) -> Reply:
    """A 500 that tells the client nothing but the id to quote."""
    return Reply(500, error_body(500, internal_message(request_id)))


class PredictionCore:
    """Validates, predicts and encodes one /prediction request."""

    def __init__(self, state: ModelState, settings: Settings, recorder: Recorder):
        self.state = state
        self.settings = settings
        self.recorder = recorder
        self._expected_token = settings.api_token.encode() if settings.api_token else None

    def predict(self, body: bytes, content_type: str | None, authorization: str | None, request_id: str) -> Reply:
        """Answer a POST /prediction; never raises."""
        try:
            return self._predict(body, content_type, authorization)
        except ApiError as exc:
            extra = (("WWW-Authenticate", "Bearer"),) if exc.status == 401 else ()
            return Reply(exc.status, exc.body(), extra)
        except Exception as exc:  # the one place a bug becomes a 500 instead of a traceback
            logs.unexpected(request_id, exc)
            return internal_error(request_id)

    def _predict(self, body: bytes, content_type: str | None, authorization: str | None) -> Reply:
        model = self.admit(content_type, authorization)
        rows, batch = parse_request(body, self.settings.max_batch_rows, model.contract)
        if not batch:
            return self._predict_one(model, rows)
        if model.is_regression:
            answers = [{"prediction": value} for value in model.predictions(rows)]
        else:
            proba, best = self.classify(model, rows)
            answers = _rows(model.class_names, proba, best)
        notes = model.warnings(rows)
        if notes is not None:  # only rows unlike the training data carry "warnings"
            for answer, warnings in zip(answers, notes):
                if warnings:
                    answer["warnings"] = warnings
        payload = {"predictions": answers, "model_version": model.version}
        return Reply(200, orjson.dumps(payload), (), len(rows))

    def _predict_one(self, model, row: list) -> Reply:
        """One flower, the common request, in plain Python floats end to end: the same
        answer as a batch's row, without NumPy's per-call cost."""
        if model.is_regression:
            return self._regress_one(model, row)
        proba = model.probabilities_one(row)
        best = max(range(len(proba)), key=proba.__getitem__)  # the first of equal maxima, like argmax
        self.recorder.prediction(best)
        names = model.class_names
        payload = {"prediction": names[best], "probability": proba[best], "probabilities": dict(zip(names, proba))}
        warnings = model.warnings_one(row)
        if warnings:
            payload["warnings"] = warnings
        payload["model_version"] = model.version
        return Reply(200, orjson.dumps(payload), (), 1)

    def _regress_one(self, model, row: list) -> Reply:
        """One row of a regressor: {"prediction": number}, its warnings, the model version."""
        payload = {"prediction": model.probabilities_one(row)[0]}
        warnings = model.warnings_one(row)
        if warnings:
            payload["warnings"] = warnings
        payload["model_version"] = model.version
        return Reply(200, orjson.dumps(payload), (), 1)

    def admit(self, content_type: str | None, authorization: str | None):
        """The checks every prediction request passes before its body is read (token, a
        loaded model, a JSON body); returns the model (raises ApiError 401, 503, 415)."""
        self.authorize(authorization)
        model = self.state.model
        if model is None:
            raise ApiError(503, "The model is not loaded yet; retry when /ready answers 200.")
        if not is_json(content_type):
            raise ApiError(415, f"Send the body as {JSON_TYPE}, not {content_type or 'no content type'}.")
        return model

    def classify(self, model, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities and the best class index of validated rows, counted in the metrics."""
        proba = np.asarray(model.probabilities(rows))
        best = proba.argmax(axis=1)
        self.recorder.predictions(best)
        return proba, best

    def authorize(self, authorization: str | None) -> None:
        """With API_TOKEN set, demand `Authorization: Bearer <token>`: the scheme in any case
        (RFC 7235), the token compared in constant time."""
        if self._expected_token is None:
            return
        scheme, _, token = (authorization or "").strip().partition(" ")
        given = token.lstrip(" ").encode("latin-1", "replace")
        if not (hmac.compare_digest(given, self._expected_token) and scheme.lower() == "bearer"):
            raise ApiError(401, "This endpoint needs the header 'Authorization: Bearer <token>' with a valid token.")

    def finish(self, request_id: str, method: str, path: str, route: str, status: int, seconds: float,
               rows: int) -> None:
        """Close a request from either entry point: metrics, then the access-log line."""
        self.recorder.request(route, status, seconds)
        logs.access(request_id, method, path, status, seconds, rows)


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type is JSON (`application/json`, any parameters, or a `+json` type)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == JSON_TYPE or (media.startswith("application/") and media.endswith("+json"))


def _rows(class_names: tuple, proba: np.ndarray, best: np.ndarray) -> list:
    """One answer per row: the predicted class, its probability, and all probabilities."""
    return [
        {"prediction": class_names[i], "probability": row[i], "probabilities": dict(zip(class_names, row))}
        for i, row in zip(best.tolist(), proba.tolist())
    ]
