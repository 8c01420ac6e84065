"""The edge: what every request passes through, whatever route answers it.

Each cross-cutting concern is done once, here, by one small ASGI layer in a
module of its own; `LAYERS` names them in the order a request meets them. A
route gets all of them by being added (ml_app/README.md: "Adding an endpoint").

`Edge` is the outermost application: it finds the request's route once
(ml_app/router.py), makes the `Exchange` the layers share (exchange.py), and
passes the request down the layers to the router, which hands it to the route.
"""
from ..logs import error_log
from .access_log import LogAccess
from .answer_errors import AnswerErrors
from .auth import RequireToken
from .body_limit import ReadBody
from .cors import AllowOrigins
from .exchange import KEY, Exchange
from .request_id import TagRequestId
from .request_metrics import CountRequests

#: Outermost first. The id comes first so every line and answer below can quote it; the
#: access line and the metrics see every answer, the error answers included; CORS headers
#: go on those answers too, and preflights are answered before the token is asked for;
#: the token is checked before the body is read.
LAYERS = (
    TagRequestId,
    LogAccess,
    CountRequests,
    AnswerErrors,
    AllowOrigins,
    RequireToken,
    ReadBody,
)


class Edge:
    """`Edge(parts)`: the ASGI application gunicorn serves (`create_app()` builds it), around
    `parts.router`."""

    def __init__(self, parts):
        router = parts.router
        app = router
        for layer in reversed(LAYERS):
            app = layer.around(app, parts)
        self._app = app
        self._router = router
        self.parts = parts  # settings, model state, core: `app.parts.load_model()`

    @property
    def routes(self) -> tuple:
        """Every route of the app (the router builds Flask's now if it has not yet)."""
        return self.parts.routes

    def complete_routes(self) -> None:
        """Build the routes the router builds on first use (Flask's) now: the worker calls
        it in a thread once it serves, so the first request to one of them does not wait.
        A failure is logged here; the next request for such a route tries again (and answers 500)."""
        try:
            self._router.complete()
        except Exception:
            error_log.exception("building the Flask routes failed")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":  # lifespan: nothing at the edge
            return await self._router(scope, receive, send)
        exchange = Exchange(self._router.match(scope["method"], scope["path"]), scope["headers"], send)
        scope[KEY] = exchange
        try:
            await self._app(scope, receive, exchange)
        finally:
            # The server keeps the scope with the `send` the exchange holds, which holds the
            # scope: without this, every request would leave a cycle for the GC to find.
            del scope[KEY]
