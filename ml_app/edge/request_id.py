"""Every request gets an id: the client's own when it is sane, else a fresh one.

It goes back in `X-Request-ID` on every answer, and into the access line and
any error log line, so a client can quote it and an operator find the request.
"""
import re
from random import getrandbits

from .exchange import KEY
from .layer import Layer

#: An incoming X-Request-ID is kept only when it is short and plain.
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}").fullmatch


def request_id(incoming: str | None) -> str:
    """Keep a sane incoming id (so callers can correlate), else make a fresh one."""
    if incoming and _SANE(incoming):
        return incoming
    # 64 random bits without a syscall; `random` reseeds itself in every forked worker.
    return f"{getrandbits(64):016x}"


class TagRequestId(Layer):
    """Sets `exchange.request_id` and answers it in `X-Request-ID`."""

    def __call__(self, scope, receive, send):
        exchange = scope[KEY]
        rid = exchange.request_id = request_id(exchange.header(b"x-request-id"))
        exchange.response_headers.append((b"x-request-id", rid.encode()))
        return self.app(scope, receive, send)
