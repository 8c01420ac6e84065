"""The ASGI front: the one callable gunicorn's event-loop workers serve.

`POST /prediction` goes straight to the framework-free core, skipping Flask's
routing and request objects (the service's throughput is mostly that
overhead). Every other request, including OPTIONS and HEAD on /prediction,
goes on to the Flask app through a2wsgi's WSGI bridge, after its body has been
read here: a slow upload waits as a coroutine on the event loop, never in the
bridge's thread. Both paths share the core, the error shape, the request ids,
the access log and the metrics, so they answer identically.
"""
import time
from typing import Optional

from a2wsgi import WSGIMiddleware
from flask import Flask

from . import cors
from .core import Reply, internal_error, too_large
from .errors import ApiError
from .logs import request_id

ROUTE = "/prediction"
#: The request headers the hot path reads (names as ASGI gives them: lower case).
_WANTED = frozenset((b"content-type", b"content-length", b"authorization", b"x-request-id", b"origin"))
#: Flask's routes are quick and CPU-bound under one GIL: one bridge thread serves them in turn.
BRIDGE_THREADS = 1


class Front:
    """`Front(create_app())`: an ASGI application serving the whole service."""

    def __init__(self, app: Flask):
        parts = app.extensions["ml_app"]
        self.core = parts.core
        self.cors_origins = parts.settings.cors_origins
        self.max_body = parts.settings.max_body_bytes
        self.flask = WSGIMiddleware(app, workers=BRIDGE_THREADS)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != ROUTE or scope["method"] != "POST":
            return await self._to_flask(scope, receive, send)
        started = time.perf_counter()
        headers = _headers(scope["headers"])
        rid = request_id(_text(headers, b"x-request-id"))
        try:
            reply = await self._answer(headers, receive, rid)
        except Exception:  # core.predict never raises; this guards the reading around it
            reply = internal_error(rid)
        if reply is None:  # the client went away, or the server answered it (408), mid-body
            return
        out = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(reply.body)),
               (b"x-request-id", rid.encode()), *_encoded(reply.headers)]
        if self.cors_origins:
            out += _encoded(cors.headers(self.cors_origins, _text(headers, b"origin")))
        await send({"type": "http.response.start", "status": reply.status, "headers": out})
        # Logged and counted before the body goes out, as the WSGI lane did: a bridge may end the
        # request at its last body message (a2wsgi, in the tests) and never resume this coroutine.
        self.core.finish(rid, "POST", ROUTE, ROUTE, reply.status, time.perf_counter() - started, reply.rows)
        await send({"type": "http.response.body", "body": reply.body})

    async def _answer(self, headers: dict, receive, rid: str) -> Optional[Reply]:
        """Read the body within the size limit (never past it), then let the core answer."""
        length = headers.get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return _closing(ApiError(400, "The Content-Length header is not a number."))
            if size > self.max_body:
                return _closing(too_large(self.max_body))
        body = await read_body(receive, self.max_body)
        if body is None:
            return None
        if len(body) > self.max_body:
            return _closing(too_large(self.max_body))
        return self.core.predict(bytes(body), _text(headers, b"content-type"), _text(headers, b"authorization"), rid)

    async def _to_flask(self, scope, receive, send):
        """Read the whole body here (up to one byte past the limit, which Flask answers 413),
        then hand the request to Flask in the bridge's thread."""
        if scope["type"] != "http":  # lifespan: nothing to start or stop
            return await self.flask(scope, receive, send)
        body = await read_body(receive, self.max_body)
        if body is None:
            return
        names = {name for name, _ in scope["headers"]}
        if b"content-length" not in names and body:  # chunked: Flask reads by length
            scope = {**scope, "headers": [*((n, v) for n, v in scope["headers"] if n != b"transfer-encoding"),
                                          (b"content-length", b"%d" % len(body))]}
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()  # only a disconnect can follow
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        return await self.flask(scope, replay, send)


async def read_body(receive, limit: int) -> Optional[bytearray]:
    """The request body, stopping once it is over `limit` bytes (then len > limit);
    None when the client went away before sending all of it."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit or not message.get("more_body", False):
            return body


def _headers(raw) -> dict:
    """The headers the hot path reads; repeated ones joined with commas, as WSGI servers do."""
    found = {}
    for name, value in raw:
        if name in _WANTED:
            found[name] = found[name] + b"," + value if name in found else value
    return found


def _text(headers: dict, name: bytes) -> Optional[str]:
    """One header's value as WSGI would give it (latin-1), or None when absent."""
    value = headers.get(name)
    return None if value is None else value.decode("latin-1")


def _encoded(headers) -> list:
    """(str, str) header pairs as ASGI's lower-case bytes."""
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


def _closing(error: ApiError) -> Reply:
    """An error answered before the body was read in full: the connection cannot be reused."""
    return Reply(error.status, error.body(), (("Connection", "close"),))
