"""Which route answers a request: found once per request, by the edge, and then called.

The routes are the Flask blueprints' (routes.py, v2.py, docs.py), served
through a2wsgi's WSGI bridge, and the native ASGI ones, served on the event
loop without Flask (prediction.py, for POST /prediction: Flask's routing and
request objects cost more than the prediction). Each is a `Route`: its
method, its path template, the view that answers it, whether it needs the
token, and the JSON shape its errors take. The edge reads all of that from the
matched route (ml_app/edge/), and the OpenAPI document lists every one
(ml_app/openapi.py).

A path with no route is a 404, a method the path has no route for a 405 (with
`Allow`), an OPTIONS without CORS a 204 with `Allow`: answered here, the same
for every path.
"""
from dataclasses import dataclass
from typing import Callable

from a2wsgi import WSGIMiddleware
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

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
    """`Router(flask_app, native=(Route, ...), error_bodies={blueprint name: shape})`."""

    def __init__(self, flask_app, native=(), error_bodies=None):
        self.flask = ToFlask(flask_app)
        self.routes = (*native, *_flask_routes(flask_app, self.flask, error_bodies or {}))
        templates = {}
        for route in self.routes:
            methods = templates.setdefault(route.template, {})
            if route.method in methods:
                raise ValueError(f"two routes for {route.method} {route.template}")
            methods[route.method] = route
        self._exact = {}  # path -> {method: Route}: one dict lookup for a path without parameters
        self._templated = {}  # template -> {method: Route}, for the paths the matcher finds
        for template, methods in templates.items():
            (self._templated if "<" in template else self._exact)[template] = _method_table(template, methods)
        rules = [Rule(template, endpoint=template) for template in self._templated]
        self._matcher = Map(rules).bind("localhost") if rules else None

    def match(self, method: str, path: str) -> Route:
        """The route for `method` on `path`; for a path no route has, or a method it lacks,
        the route that answers 404 or 405."""
        table = self._exact.get(path)
        if table is None:
            table = self._match_template(path)
        route = table.get(method)
        return route if route is not None else table[None]

    def _match_template(self, path: str) -> dict:
        if self._matcher is not None:
            try:
                template, _ = self._matcher.match(path)
            except HTTPException:  # NotFound, or a redirect no rule here asks for
                pass
            else:
                return self._templated[template]
        return _NOWHERE

    def __call__(self, scope, receive, send):
        """The matched route's app (its awaitable: no coroutine of the router's own)."""
        if scope["type"] != "http":
            return self.flask(scope, receive, send)
        return scope[KEY].route.app(scope, receive, send)


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

