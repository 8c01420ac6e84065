"""uvicorn's httptools protocol, with the limits a server facing slow clients needs.

On an event loop a client that stalls is a waiting coroutine, not a blocked
thread, so it no longer holds others up; but stock uvicorn never gives up on
it either. This subclass adds, and only adds, per connection:

- a deadline (`Limits.request_timeout`) from a request's first byte to its
  last: past it the client gets 408 and the connection is closed;
- a cap on a worker's open connections (gunicorn's `worker_connections`): the
  connection past it gets 503 at once and is closed;
- the keep-alive idle timeout from the moment a connection is accepted (stock
  uvicorn arms it only after a first response, so a silent client stayed forever);
- limits on the request target (414) and the header section (431), as
  gunicorn's `limit_request_line`, `limit_request_fields` and
  `limit_request_field_size`, plus a total; 501 for a transfer coding other than chunked;
- every answer it makes itself in the API's JSON error shape (ml_app/errors.py)
  with `Connection: close`, then a lingering close (half-close, read and drop
  what still comes, close), so the client reads the answer instead of a reset;
- on graceful shutdown, a connection between requests has `SHUTDOWN_GRACE_S`
  to start one (answered with `Connection: close`) before it is closed, so a
  request already on its way is served rather than cut off;
- a response written with one system call, not two (head and body), and under
  load the responses of one event-loop pass together at its end (`Coalesced`).
"""
import dataclasses
import http

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .config import DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_S
from .errors import http_error_response

#: A client refused by the server gets this long to read the answer and close before we close.
LINGER_S = 2.0
#: On shutdown, how long an idle connection may still start a request.
SHUTDOWN_GRACE_S = 1.0
#: The whole header section, at most (nginx's default buffers hold 32 KiB).
MAX_HEAD_BYTES = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Limits:
    """What a worker allows each connection (ml_app/worker.py fills it from gunicorn's settings)."""

    request_timeout: float = DEFAULT_REQUEST_TIMEOUT_S
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    max_target: int = 4094
    max_fields: int = 100
    max_field_size: int = 8190


class _Refusal(Exception):
    """Raised from a parser callback: answer `status` with `message` and close."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class GuardedProtocol(HttpToolsProtocol):
    """`functools.partial(GuardedProtocol, limits=...)` is uvicorn's `http` protocol class."""

    def __init__(self, *args, limits: Limits = Limits(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._deadline = None  # timer from a request's first byte to its last
        self._awaiting_head = True  # between requests, or inside a request's header section
        self._head_bytes = 0  # header bytes received so far, when no head or message ended in between
        self._ends = 0  # header sections and messages completed, to know when to restart that count
        self._fields = 0
        self._receiving = False  # a request has begun and its headers are not complete
        self._closing = False  # graceful shutdown: answer what comes with Connection: close
        self._refused = False  # we answered and are closing: drop whatever still arrives

    # --- connections ---------------------------------------------------------------------------

    def connection_made(self, transport):
        super().connection_made(Coalesced(transport, self.loop))
        if len(self.connections) > self.limits.max_connections:
            self.logger.warning("503: this worker already has %d connections", self.limits.max_connections)
            self._refuse(503, "The server has too many connections open; retry shortly.", "server_busy")
            return
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)

    def connection_lost(self, exc):
        self._cancel_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._unset_keepalive_if_required()
        ends = self._ends
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._unsupported_upgrade_warning()
        except httptools.HttpParserError as exc:  # a callback's error too, e.g. a URL it cannot parse
            if isinstance(exc.__context__, _Refusal):
                self._refuse(exc.__context__.status, str(exc.__context__))
            else:
                status = 501 if "Transfer-Encoding" in str(exc) else 400
                self._refuse(status, f"the request is not valid HTTP/1.1 ({exc.__context__ or exc}).")
            return
        if self._awaiting_head:
            # a head or message that ended in this chunk restarts the count (under by < one chunk)
            self._head_bytes = self._head_bytes + len(data) if ends == self._ends else 0
            if self._head_bytes > MAX_HEAD_BYTES:
                self._refuse(431, f"the header section is over {MAX_HEAD_BYTES} bytes.")
                return
        if self._deadline is None and self._idle() and self.timeout_keep_alive_task is None:
            # bytes that start no request (blank lines) must not disarm the idle timeout
            self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive,
                                                                self.timeout_keep_alive_handler)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's own 400 answers, in the API's error shape."""
        self._refuse(400, msg)

    # --- parser callbacks ----------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._receiving = True
        self._fields = 0
        self._deadline = self.loop.call_later(self.limits.request_timeout, self._request_timed_out)

    def on_url(self, url: bytes) -> None:
        self.url += url
        if len(self.url) > self.limits.max_target:
            raise _Refusal(414, f"the request target is over {self.limits.max_target} bytes.")

    def on_header(self, name: bytes, value: bytes) -> None:
        self._fields += 1
        if self._fields > self.limits.max_fields:
            raise _Refusal(431, f"more than {self.limits.max_fields} header fields.")
        if len(name) + len(value) + 2 > self.limits.max_field_size:
            raise _Refusal(431, f"a header field is over {self.limits.max_field_size} bytes.")
        name = name.lower()
        if name == b"transfer-encoding" and value.strip().lower() != b"chunked":
            raise _Refusal(501, "the only transfer coding served is chunked.")
        if name == b"expect" and value.lower() == b"100-continue":
            self.expect_100_continue = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._ends += 1
        self._receiving = False
        self._awaiting_head = False
        super().on_headers_complete()
        if self._closing and self.cycle is not None:
            self.cycle.keep_alive = False

    def on_message_complete(self) -> None:
        self._cancel_deadline()
        self._ends += 1
        self._awaiting_head = True
        super().on_message_complete()

    def on_response_complete(self) -> None:
        if len(self.tasks) <= 1:  # the only request in flight: its answer leaves at once
            self.transport.flush()
        # else it leaves with the others answered in this event-loop pass, at the pass's end
        super().on_response_complete()

    # --- timeouts, refusals and shutdown -------------------------------------------------------

    def _request_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        self.logger.warning("408: a request was not received in full within %g s", self.limits.request_timeout)
        if self.cycle is not None and self.cycle.response_started and not self.cycle.response_complete:
            self.transport.close()  # the app has begun answering: nothing else can be said
            return
        self._refuse(408, f"the request was not received in full within {self.limits.request_timeout:g} s.")

    def _refuse(self, status: int, message: str, code=None) -> None:
        """Answer with a JSON error and Connection: close, then close gently."""
        self._cancel_deadline()
        self._unset_keepalive_if_required()
        self._refused = True
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app, if it is reading the body, gets http.disconnect
            self.cycle.message_event.set()
        reason = http.HTTPStatus(status).phrase
        self.transport.write(http_error_response(status, reason, message, code))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)

    def shutdown(self) -> None:
        """Graceful shutdown: finish the request in progress with Connection: close; let an
        idle connection start one more within SHUTDOWN_GRACE_S, else close it."""
        self._closing = True
        if self._refused:
            return
        if self._idle():
            self.loop.call_later(SHUTDOWN_GRACE_S, self._close_if_idle)
        elif self.cycle is not None:
            self.cycle.keep_alive = False

    def _close_if_idle(self) -> None:
        if self._idle() and not self.transport.is_closing():
            self.transport.close()

    def _idle(self) -> bool:
        """No request being received, processed or queued on this connection."""
        return (not self._receiving and not self.pipeline
                and (self.cycle is None or self.cycle.response_complete))

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None


class Coalesced:
    """A connection's transport whose writes go out together: held until the end of the
    event-loop pass, a close, or, for the only request in flight, the response's end
    (GuardedProtocol.on_response_complete), then written as one.

    uvicorn writes a response's head and its body separately; each write is a system
    call and, with Nagle off, a packet: a one-flower answer was two of each. Under load,
    holding every answer of a pass to its end also keeps the clients in step: the ones
    answered together send their next requests together, and those are read in one
    pass, instead of each arriving mid-pass and waiting for that pass and its own
    (wrk -c16 on one core: p99 2.1 -> 1.1 ms)."""

    __slots__ = ("_transport", "_loop", "_held")

    def __init__(self, transport, loop):
        self._transport = transport
        self._loop = loop
        self._held = []

    def write(self, data) -> None:
        if not self._held:
            self._loop.call_soon(self.flush)  # a streamed response, or a 100 Continue, goes out this pass
        self._held.append(data)

    def writelines(self, chunks) -> None:
        for chunk in chunks:
            self.write(chunk)

    def flush(self) -> None:
        """Write what is held, as one."""
        if self._held:
            data = b"".join(self._held)
            self._held.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._held))

    def __getattr__(self, name):  # everything else is the transport's own
        return getattr(self._transport, name)
