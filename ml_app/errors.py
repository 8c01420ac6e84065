"""The one error shape every client sees.

`{"error": {"code", "message", "details": [{"field", "problem"}]}}` — built
here and nowhere else, so the routes, the edge (ml_app/edge/) and the server's
own answers (ml_app/protocol.py) agree. A route family with a protocol of its
own (the Open Inference Protocol, ml_app/v2.py) renders the same `ApiError`
in its shape instead; the edge asks the route which (`Route.error_body`).
"""
import orjson

#: HTTP statuses this module names, with the machine-readable code clients get.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
    503: "not_ready",
}


class ApiError(Exception):
    """A client-facing failure: an HTTP status, a code, a sentence, and field details."""

    def __init__(self, status: int, message: str, details=(), code: str | None = None, headers=()):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = list(details)
        self.headers = tuple(headers)  # (name, value) pairs the answer needs, e.g. WWW-Authenticate

    def body(self) -> bytes:
        """The JSON body for this error."""
        return error_body(self.status, self.message, self.details, self.code)


def envelope(error: ApiError) -> bytes:
    """The service's own error shape for `error` (what `Route.error_body` is by default)."""
    return error.body()


def too_large(limit: int) -> ApiError:
    """The 413 for a body over the size limit; the connection cannot be reused (the rest of
    the body is not read)."""
    return ApiError(413, f"The request body is larger than the {limit}-byte limit.", code="payload_too_large",
                    headers=(("Connection", "close"),))


def unexpected(request_id: str) -> ApiError:
    """What a client is told of a bug: only the request id to quote (the log has the rest)."""
    return ApiError(500, f"Unexpected server error; the log has the details under request id {request_id}.")


def detail(field: str, problem: str) -> dict:
    """One entry of `details`: which field, and what is wrong with it."""
    return {"field": field, "problem": problem}


def error_body(status: int, message: str, details=(), code: str | None = None) -> bytes:
    """Encode the error envelope."""
    return orjson.dumps(
        {"error": {"code": code or CODES.get(status, "error"), "message": message, "details": list(details)}}
    )


def http_error_response(status: int, reason: str, message: str, code: str | None = None) -> bytes:
    """A complete HTTP/1.1 error response with the JSON body, for the errors the server
    answers below the application (malformed HTTP, oversized headers, timeouts, overload)."""
    body = error_body(status, f"{reason}: {message}" if message else reason, code=code)
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body
