"""GET /health and GET /ready, answered on the event loop without Flask.

Orchestrators poll these every few seconds, and /ready is what a new worker
answers first: through the WSGI bridge the first one also paid Flask's
first-request set-up (3-28 ms measured) before the service counted as
ready. Native routes (ml_app/router.py), like POST /prediction: the edge has
done everything else (request id, errors, metrics, access line).
"""
import orjson

from .errors import ApiError

_JSON = (b"content-type", b"application/json")


async def _answer(send, payload: dict) -> None:
    body = orjson.dumps(payload)
    await send({"type": "http.response.start", "status": 200,
                "headers": [_JSON, (b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


async def health(scope, receive, send):
    """Liveness: the process answers; says nothing about the model."""
    await _answer(send, {"status": "ok"})


class Ready:
    """`Ready(state)`: readiness, 200 only once the model is loaded and verified (else 503)."""

    def __init__(self, state):
        self.state = state

    async def __call__(self, scope, receive, send):
        model = self.state.model
        if model is None:
            raise ApiError(503, "The model is not loaded yet.")
        await _answer(send, {"status": "ready", "model_version": model.version})
