"""Flask glue for the routes Flask serves: request ids, CORS, access logs, JSON errors.

The ASGI front (front.py) does the same for POST /prediction with the same helpers.
"""
import time

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from . import cors, html_security, logs
from .core import internal_error, too_large
from .errors import ApiError, error_body


def install(app: Flask) -> None:
    """Attach the request lifecycle hooks and error handlers to `app`."""
    app.before_request(_start)
    app.after_request(_finish)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _ext():
    """This app's shared parts, set up by create_app."""
    return current_app.extensions["ml_app"]


def _start():
    """Stamp the request, and answer CORS preflights before routing."""
    g.started = time.perf_counter()
    g.request_id = logs.request_id(request.headers.get("X-Request-ID"))
    g.rows = 0
    if request.method == "OPTIONS":
        origins = _ext().settings.cors_origins
        return Response(status=204, headers=cors.preflight_headers(origins, request.headers.get("Origin")))
    return None


def _finish(response: Response) -> Response:
    """Echo the request id, add CORS headers (and an HTML page's security headers),
    record metrics and the access line."""
    rid = g.get("request_id") or logs.request_id(None)
    response.headers["X-Request-ID"] = rid
    ext = _ext()
    for name, value in cors.headers(ext.settings.cors_origins, request.headers.get("Origin")):
        response.headers[name] = value
    if response.mimetype == "text/html":  # /docs, whatever it renders
        body = b"" if response.is_streamed or response.direct_passthrough else response.get_data()
        for name, value in html_security.headers(body):
            response.headers.setdefault(name, value)
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    ext.core.finish(rid, request.method, request.path, route, response.status_code, seconds, g.get("rows", 0))
    return response


def _json_error(status: int, body: bytes, headers=()) -> Response:
    return Response(body, status=status, headers=list(headers), mimetype="application/json")


def _api_error(exc: ApiError) -> Response:
    """An ApiError raised by a route."""
    return _json_error(exc.status, exc.body())


def _http_error(exc: HTTPException) -> Response:
    """Werkzeug's own errors (404, 405, 413, ...) as JSON instead of HTML."""
    if exc.code == 413:
        return _json_error(413, too_large(_ext().settings.max_body_bytes).body(), [("Connection", "close")])
    if exc.code == 405:
        allowed = exc.valid_methods or []
        message = f"{request.method} is not allowed on {request.path}; use {', '.join(allowed)}."
        return _json_error(405, error_body(405, message), [("Allow", ", ".join(allowed))])
    if exc.code == 404:
        return _json_error(404, error_body(404, f"There is no {request.path}; see /openapi.json for the routes."))
    return _json_error(exc.code or 500, error_body(exc.code or 500, exc.description or exc.name))


def _unexpected(exc: Exception) -> Response:
    """Anything else: log it with the request id, tell the client only the id."""
    rid = g.get("request_id") or logs.request_id(None)
    g.request_id = rid
    logs.unexpected(rid, exc)
    reply = internal_error(rid)
    return _json_error(reply.status, reply.body)
