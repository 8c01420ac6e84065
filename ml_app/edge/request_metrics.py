"""Requests counted and timed by route and status (ml_app/metrics.py, GET /metrics)."""
from time import perf_counter

from .exchange import KEY
from .layer import Layer


class CountRequests(Layer):
    """After the answer: one count and one latency sample, labelled by the route's template
    (`/v2/models/<name>/infer`, not the path, so labels stay few; `unmatched` for no route)."""

    def __init__(self, app, parts):
        super().__init__(app, parts)
        self.recorder = parts.core.recorder

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)
        exchange = scope[KEY]
        if exchange.status is not None:
            self.recorder.request(exchange.route.template, exchange.status, perf_counter() - exchange.started)
