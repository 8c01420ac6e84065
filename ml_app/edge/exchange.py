"""What the edge knows of one request, shared by its layers and the route that answers.

`Edge` (ml_app/edge/__init__.py) makes one `Exchange` per HTTP request, with the
route the request is for, and puts it in the ASGI scope under `KEY`. Each layer
then reads what it needs from it instead of parsing the request again, and
leaves what the others need: the request id, the body, the rows predicted, the
headers every answer carries. The exchange is also the `send` every layer
below the edge calls: it notes the status and adds those headers, so no layer
needs a send wrapper of its own.
"""
from time import perf_counter

KEY = "ml_app.exchange"
#: The request headers the edge and the routes read (names as ASGI gives them: lower case).
WANTED = frozenset((b"content-type", b"content-length", b"authorization", b"x-request-id", b"origin"))


class Exchange:
    """One request's route, headers, request id, body and answer so far."""

    __slots__ = ("route", "headers", "started", "request_id", "body", "rows", "status", "response_headers",
                 "_send")

    def __init__(self, route, raw_headers, send):
        self.route = route
        self.headers = headers = {}
        for name, value in raw_headers:  # the WANTED ones; repeated ones joined with commas, as WSGI servers do
            if name in WANTED:
                headers[name] = headers[name] + b"," + value if name in headers else value
        self.started = perf_counter()
        self.request_id = ""
        self.body = b""
        self.rows = 0  # rows predicted, for the access line
        self.status = None  # set once the answer has begun
        self.response_headers = []  # (bytes, bytes) pairs every answer to this request carries
        self._send = send

    def header(self, name: bytes) -> str | None:
        """One of the WANTED request headers as WSGI would give it (latin-1), or None when absent."""
        value = self.headers.get(name)
        return None if value is None else value.decode("latin-1")

    def __call__(self, message):
        """ASGI `send`: the edge's headers go out with the answer's own. (A plain method returning
        the server's awaitable: no coroutine of its own, twice a request.)"""
        if message["type"] == "http.response.start":
            self.status = message["status"]
            message["headers"] = [*message["headers"], *self.response_headers]
        return self._send(message)


def of(environ) -> Exchange:
    """The exchange of the request a Flask view is answering (a2wsgi puts the ASGI scope in the environ)."""
    return environ["asgi.scope"][KEY]

