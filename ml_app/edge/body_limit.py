"""The request body, read on the event loop within MAX_BODY_BYTES; 413 past it.

A declared Content-Length over the limit is refused before a byte of the body
is read; a chunked body, as soon as it passes the limit. Either way the rest is
never read, so the answer says `Connection: close`. A slow upload waits here as
a coroutine, never in the thread that runs Flask. What was read is
`exchange.body`; a client that went away mid-body gets no answer.
"""
from ..errors import ApiError, too_large
from .exchange import KEY
from .layer import Layer


class ReadBody(Layer):
    """Reads the whole body into `exchange.body` (the routes below read it there)."""

    def __init__(self, app, parts):
        super().__init__(app, parts)
        self.limit = parts.settings.max_body_bytes

    async def __call__(self, scope, receive, send):
        exchange = scope[KEY]
        length = exchange.headers.get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                raise ApiError(400, "The Content-Length header is not a number.",
                               headers=(("Connection", "close"),)) from None
            if size > self.limit:
                raise too_large(self.limit)
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body = message.get("body", b"")
        if message.get("more_body", False):  # else the common case: the whole body in one message
            body = await read_rest(receive, body, self.limit)
            if body is None:
                return  # the client went away: there is nobody to answer
        if len(body) > self.limit:
            raise too_large(self.limit)
        exchange.body = body
        await self.app(scope, receive, send)


async def read_rest(receive, start: bytes, limit: int) -> bytes | None:
    """The rest of a body sent in several messages, stopping once it is over `limit` bytes
    (then len > limit); None when the client went away before sending all of it."""
    buffer = bytearray(start)
    while len(buffer) <= limit:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        buffer += message.get("body", b"")
        if not message.get("more_body", False):
            break
    return bytes(buffer)
