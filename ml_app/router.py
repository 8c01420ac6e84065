"""Which route answers a request: found once per request, by the edge, and then called.

The routes are the native ASGI ones, served on the event loop without Flask
(prediction.py, for POST /prediction: Flask's routing and request objects cost
more than the prediction; the probes), and the Flask blueprints' (blueprints.py),
served through a2wsgi's WSGI bridge. The Flask app is built on first use
(`Router.complete`): a request no native route answers, a read of `routes`, or
the worker, once it serves (ml_app/worker.py). A path template is either native
or Flask's, never both, so what the native routes answer before then (405,
OPTIONS) is what they answer after. Each is a `Route`: its
method, its path template, the view that answers it, whether it needs the
token, and the JSON shape its errors take. The edge reads all of that from the
matched route (ml_app/edge/), and the OpenAPI document lists every one
(ml_app/openapi.py).

A path with no route is a 404, a method the path has no route for a 405 (with
`Allow`), an OPTIONS without CORS a 204 with `Allow`: answered here, the same
for every path.
"""
import threading
from dataclasses import dataclass
from typing import Callable

from .edge.exchange import KEY
from .errors import ApiError, envelope

#: Flask's routes are quick and CPU-bound under one GIL: one bridge thread serves them in turn.
BRIDGE_THREADS = 1
#: The metrics label of a request no route matched.
UNMATCHED = "unmatched"


@dataclass(frozen=True, slots=True)
class Route:
    """One method on one path template (Flask's syntax: `/v2/models/<name>/infer`)."""

    method: str
    template: str
    endpoint: str  # the view's name: Flask's endpoint ("v2.infer"), or a native route's own
    app: Callable  # the ASGI application that answers it
    requires_token: bool = False  # with API_TOKEN set (ml_app/edge/auth.py)
    error_body: Callable[[ApiError], bytes] = envelope  # how its errors look


class Router:
    """`Router(native=(Route, ...), later=build)`: `build()` returns the Flask app and
    {blueprint name: error shape}, called once, when the Flask routes are first needed."""

    def __init__(self, native=(), later: Callable | None = None):
        self._native = tuple(native)
        self._later = later
        self._completing = threading.Lock()  # the worker's warm-up thread, or a request: one builds
        self.flask = None
        self._table = _Table(self._native)

    @property
    def routes(self) -> tuple:
        """Every route, the Flask app's included (built now if not yet)."""
        self.complete()
        return self._table.routes

    def match(self, method: str, path: str) -> Route:
        """The route for `method` on `path`; for a path no route has, or a method it lacks,
        the route that answers 404 or 405."""
        methods = self._table.methods(path)
        route = methods.get(method)
        if route is None:
            if self._later is not None and methods is _NOWHERE:  # no path of the routes built so far
                self.complete()
                return self.match(method, path)
            route = methods[None]  # a method the path lacks: its 405 (it is native or Flask's, not both)
        return route

    def complete(self) -> None:
        """Add the Flask app's routes, once (any thread; the others wait for it)."""
        if self._later is None:
            return
        with self._completing:
            if self._later is None:
                return
            flask_app, error_bodies = self._later()
            to_flask = ToFlask(flask_app)
            later = tuple(_flask_routes(flask_app, to_flask, error_bodies))
            shared = {route.template for route in later} & {route.template for route in self._native}
            if shared:
                raise ValueError(f"{sorted(shared)}: a path is either a native route or Flask's, not both")
            self.flask, self._table, self._later = to_flask, _Table((*self._native, *later)), None

    def __call__(self, scope, receive, send):
        """The matched route's app (its awaitable: no coroutine of the router's own)."""
        if scope["type"] != "http":
            self.complete()
            return self.flask(scope, receive, send)
        return scope[KEY].route.app(scope, receive, send)


class _Table:
    """The routes, indexed by path: a dict lookup for a path without parameters, Werkzeug's
    matcher for the templates (`/v2/models/<name>/infer`)."""

    def __init__(self, routes: tuple):
        self.routes = routes
        templates = {}
        for route in routes:
            methods = templates.setdefault(route.template, {})
            if route.method in methods:
                raise ValueError(f"two routes for {route.method} {route.template}")
            methods[route.method] = route
        self._exact = {}  # path -> {method: Route}
        self._templated = {}  # template -> {method: Route}, for the paths the matcher finds
        for template, methods in templates.items():
            (self._templated if "<" in template else self._exact)[template] = _method_table(template, methods)
        self._matcher = None
        if self._templated:  # only Flask's routes have templates: Werkzeug is imported with Flask
            from werkzeug.exceptions import HTTPException
            from werkzeug.routing import Map, Rule

            self._matcher = Map([Rule(template, endpoint=template) for template in self._templated]).bind("localhost")
            self._unmatched = HTTPException

    def methods(self, path: str) -> dict:
        """{method: Route} of the path's template, the 405 under None (a path no route has: the 404)."""
        table = self._exact.get(path)
        if table is not None:
            return table
        if self._matcher is not None:
            try:
                template, _ = self._matcher.match(path)
            except self._unmatched:  # NotFound, or a redirect no rule here asks for
                pass
            else:
                return self._templated[template]
        return _NOWHERE


def _flask_routes(flask_app, to_flask, error_bodies):
    """A Route for each method of each rule of the Flask app; the view's `requires_token`
    mark and its blueprint's error shape go with it. HEAD and OPTIONS are the router's."""
    for rule in flask_app.url_map.iter_rules():
        view = flask_app.view_functions[rule.endpoint]
        blueprint = rule.endpoint.rpartition(".")[0]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield Route(method, rule.rule, rule.endpoint, to_flask, getattr(view, "requires_token", False),
                        error_bodies.get(blueprint, envelope))


def _method_table(template: str, methods: dict) -> dict:
    """{method: Route} for one path template, HEAD as GET, OPTIONS, and under None the 405."""
    allowed = sorted({*methods, "OPTIONS", *(("HEAD",) if "GET" in methods else ())})
    table = dict(methods)
    if "GET" in methods:
        table.setdefault("HEAD", methods["GET"])
    table.setdefault("OPTIONS", Route("OPTIONS", template, "options", _Options(allowed)))
    table[None] = Route("*", template, "method_not_allowed", _MethodNotAllowed(allowed))
    return table


class _Options:
    """OPTIONS on a path (when CORS does not answer it first): 204 and the methods it has."""

    def __init__(self, allowed):
        self.allow = ", ".join(allowed).encode()

    async def __call__(self, scope, receive, send):
        await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", self.allow)]})
        await send({"type": "http.response.body", "body": b""})


class _MethodNotAllowed:
    def __init__(self, allowed):
        self.allowed = ", ".join(allowed)

    async def __call__(self, scope, receive, send):
        raise ApiError(405, f"{scope['method']} is not allowed on {scope['path']}; use {self.allowed}.",
                       headers=(("Allow", self.allowed),))


async def _not_found(scope, receive, send):
    raise ApiError(404, f"There is no {scope['path']}; see /openapi.json for the routes.")


_NOWHERE = {None: Route("*", UNMATCHED, "not_found", _not_found)}


class ToFlask:
    """The Flask app through a2wsgi's WSGI bridge (in its thread), given the body the edge read."""

    def __init__(self, flask_app):
        from a2wsgi import WSGIMiddleware  # with the Flask app (blueprints.py)

        self.bridge = WSGIMiddleware(flask_app, workers=BRIDGE_THREADS)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":  # lifespan: a2wsgi answers it
            return await self.bridge(scope, receive, send)
        body = scope[KEY].body
        if body and not any(name == b"content-length" for name, _ in scope["headers"]):
            # chunked: Flask reads by length
            scope = {**scope, "headers": [*((n, v) for n, v in scope["headers"] if n != b"transfer-encoding"),
                                          (b"content-length", b"%d" % len(body))]}
        await self.bridge(scope, _Replay(body, receive), send)


class _Replay:
    """`receive` for the bridge: the body already read, as one message; then the connection's own."""

    __slots__ = ("body", "receive")

    def __init__(self, body: bytes, receive):
        self.body = body
        self.receive = receive

    async def __call__(self):
        body = self.body
        if body is None:
            return await self.receive()  # only a disconnect can follow
        self.body = None
        return {"type": "http.request", "body": body, "more_body": False}

