"""A thin WSGI dispatcher in front of Flask for the hot route.

`POST /prediction` goes straight to the framework-free core, skipping Flask's
routing and request objects (the service's throughput is mostly that
overhead); every other request, including OPTIONS and HEAD on /prediction,
goes on to Flask. Both paths share the core, so they answer identically.
"""
import time
from http import HTTPStatus

from . import cors
from .core import PredictionCore, Reply, internal_error, too_large
from .errors import ApiError
from .logs import request_id

ROUTE = "/prediction"
_STATUS_LINES = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}


class FastLane:
    """WSGI middleware: `app.wsgi_app = FastLane(app.wsgi_app, core, origins)`."""

    def __init__(self, wsgi_app, core: PredictionCore, cors_origins: frozenset):
        self.wsgi_app = wsgi_app
        self.core = core
        self.cors_origins = cors_origins
        self.max_body = core.settings.max_body_bytes

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != ROUTE or environ.get("REQUEST_METHOD") != "POST":
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        rid = request_id(environ.get("HTTP_X_REQUEST_ID"))
        try:
            reply = self._answer(environ, rid)
        except Exception:  # core.predict never raises; this guards the reading around it
            reply = internal_error(rid)
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(reply.body))),
                   ("X-Request-ID", rid), *reply.headers]
        if self.cors_origins:
            headers += cors.headers(self.cors_origins, environ.get("HTTP_ORIGIN"))
        start_response(_STATUS_LINES[reply.status], headers)
        self.core.finish(rid, "POST", ROUTE, ROUTE, reply.status, time.perf_counter() - started, reply.rows)
        return [reply.body]

    def _answer(self, environ, rid: str) -> Reply:
        """Read the body within the size limit, then let the core answer."""
        body = self._read_body(environ)
        if isinstance(body, ApiError):
            return Reply(body.status, body.body(), (("Connection", "close"),))
        return self.core.predict(body, environ.get("CONTENT_TYPE"), environ.get("HTTP_AUTHORIZATION"), rid)

    def _read_body(self, environ):
        """The request body, or an ApiError when it is over the limit (never read past it)."""
        length = environ.get("CONTENT_LENGTH")
        stream = environ["wsgi.input"]
        if length:
            try:
                size = int(length)
            except ValueError:
                return ApiError(400, "The Content-Length header is not a number.")
            if size > self.max_body:
                return too_large(self.max_body)
            return stream.read(size)
        body = stream.read(self.max_body + 1)  # chunked: read one byte past the limit to detect it
        return too_large(self.max_body) if len(body) > self.max_body else body
