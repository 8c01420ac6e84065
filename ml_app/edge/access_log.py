"""One JSON access line per answered request (ml_app/logs.py writes it)."""
from time import perf_counter

from .. import logs
from .exchange import KEY
from .layer import Layer


class LogAccess(Layer):
    """After the answer: method, path, status, latency, rows and request id, on stdout.
    A client gone before it was answered gets no line (there was no answer)."""

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)
        exchange = scope[KEY]
        if exchange.status is not None:
            logs.access(exchange.request_id, scope["method"], scope["path"], exchange.status,
                        perf_counter() - exchange.started, exchange.rows)
