"""ml_app/protocol.py's GuardedProtocol, fed bytes through a stand-in transport.

As uvicorn's own protocol tests do, no socket and no gunicorn: the protocol is
built on a stand-in transport that records what is written, and on a loop
whose timers run on a clock the test moves, so a 10 s deadline or a 2 s
lingering close is checked in microseconds. The ASGI tasks run on a real
event loop. The slow real-socket tests (tests/test_slow_clients.py) prove the
same limits end to end; these say which one broke, at once.
"""
import asyncio
import functools
import heapq
import itertools
import json
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # the repository: ml_app

from uvicorn.config import Config
from uvicorn.server import ServerState

from ml_app.protocol import LINGER_S, MAX_HEAD_BYTES, SHUTDOWN_GRACE_S, GuardedProtocol, Limits
from ml_app.worker import Worker

KEEP_ALIVE_S = 5.0
LIMITS = Limits(request_timeout=10.0, max_connections=2, max_target=100, max_fields=5, max_field_size=200)
GET = b"GET /ready HTTP/1.1\r\nHost: x\r\n\r\n"


class Loop:
    """A real event loop for the ASGI tasks, with timers on a clock the test moves (`advance`)."""

    def __init__(self):
        self.real = asyncio.new_event_loop()
        self.now = 0.0
        self._timers = []  # heap of (when, order, handle)
        self._order = itertools.count()

    def create_task(self, coro, **kwargs):
        return self.real.create_task(coro, **kwargs)

    def call_soon(self, callback, *args):
        return self.real.call_soon(callback, *args)

    def call_later(self, delay, callback, *args):
        handle = asyncio.TimerHandle(self.now + delay, callback, args, self.real)
        heapq.heappush(self._timers, (self.now + delay, next(self._order), handle))
        return handle

    def time(self):
        return self.now

    def settle(self):
        """Run the real loop until the ASGI tasks and call_soon callbacks have nothing left to do."""
        for _ in range(20):
            self.real.run_until_complete(asyncio.sleep(0))

    def advance(self, seconds):
        """Move the clock, firing the timers that fall due in order, and settle after each."""
        end = self.now + seconds
        self.settle()
        while self._timers and self._timers[0][0] <= end:
            when, _, handle = heapq.heappop(self._timers)
            self.now = when
            if not handle.cancelled():
                handle._run()
            self.settle()
        self.now = end

    def close(self):
        self.settle()
        self.real.close()


class Transport:
    """A connection's transport that records what the server writes and does."""

    def __init__(self):
        self.writes = []
        self.eof = False
        self.closed = False
        self.reading = True

    @property
    def output(self) -> bytes:
        return b"".join(self.writes)

    def write(self, data):
        assert not self.closed, "written after close"
        self.writes.append(bytes(data))

    def can_write_eof(self):
        return True

    def write_eof(self):
        self.eof = True

    def close(self):
        self.closed = True

    def is_closing(self):
        return self.closed

    def get_extra_info(self, name, default=None):
        return {"sockname": ("127.0.0.1", 5000), "peername": ("127.0.0.1", 40000)}.get(name, default)

    def get_write_buffer_size(self):
        return 0

    def pause_reading(self):
        self.reading = False

    def resume_reading(self):
        self.reading = True


async def echo_app(scope, receive, send):
    """Answers 200 with the request's path and body."""
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    answer = scope["path"].encode() + b" " + body
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(answer)).encode())]})
    await send({"type": "http.response.body", "body": answer})


class Server:
    """One worker's shared state, and the connections made to it."""

    def __init__(self, app=echo_app, limits=LIMITS):
        self.loop = Loop()
        self.state = ServerState()
        # ml_app/worker.py's own uvicorn settings, so the protocol runs as it does in production
        kwargs = {**Worker.CONFIG_KWARGS, "loop": "none", "timeout_keep_alive": KEEP_ALIVE_S}
        self.config = Config(app=app, **kwargs)
        self.limits = limits

    def connect(self):
        """A new connection: (protocol, transport)."""
        make = functools.partial(GuardedProtocol, limits=self.limits)
        proto = make(config=self.config, server_state=self.state, app_state={}, _loop=self.loop)
        transport = Transport()
        proto.connection_made(transport)
        return proto, transport


@pytest.fixture
def server():
    made = Server()
    yield made
    made.loop.close()


def responses(output: bytes):
    """The (status, headers, body) of each response in output, in order."""
    found = []
    while output:
        head, _, rest = output.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
        length = int(headers.get("content-length", 0))
        found.append((int(status_line.split()[1]), headers, rest[:length]))
        output = rest[length:]
    return found


def refusal(transport, status):
    """The one answer on transport, checked to be the API's JSON error with `status` and Connection: close,
    followed by a half-close (the lingering close's first step)."""
    assert transport.eof, "a refusal half-closes after its answer"
    (got, headers, body), = responses(transport.output)
    assert got == status, transport.output
    assert headers["connection"].lower() == "close"
    assert headers["content-type"] == "application/json"
    return json.loads(body)


# --- serving ---------------------------------------------------------------------------------


def test_a_request_is_answered_in_one_write(server):
    proto, transport = server.connect()
    proto.data_received(b"POST /prediction HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
    server.loop.settle()
    assert responses(transport.output) == [(200, {"content-type": "text/plain", "content-length": "17"},
                                            b"/prediction hello")]
    assert len(transport.writes) == 1, "head and body went out as separate writes"
    assert not transport.closed


def test_pipelined_requests_are_answered_in_order(server):
    proto, transport = server.connect()
    proto.data_received(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
    server.loop.settle()
    assert [body for _, _, body in responses(transport.output)] == [b"/a ", b"/b "]


# --- deadlines -------------------------------------------------------------------------------


def test_a_request_not_received_in_full_in_time_gets_408(server):
    proto, transport = server.connect()
    proto.data_received(b"POST /prediction HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"petal")
    server.loop.advance(LIMITS.request_timeout - 0.01)
    assert transport.output == b""
    server.loop.advance(0.02)
    error = refusal(transport, 408)
    assert "within 10 s" in json.dumps(error)


def test_the_deadline_counts_from_the_first_byte_of_the_head(server):
    proto, transport = server.connect()
    proto.data_received(b"GET /ready HTTP/1.1\r\n")
    server.loop.advance(LIMITS.request_timeout / 2)
    proto.data_received(b"Host: x\r\n")  # a trickle of bytes does not extend it
    server.loop.advance(LIMITS.request_timeout / 2 + 0.01)
    refusal(transport, 408)


def test_a_request_received_in_time_is_not_timed_out(server):
    proto, transport = server.connect()
    proto.data_received(GET)
    server.loop.advance(LIMITS.request_timeout + 1)
    assert [status for status, _, _ in responses(transport.output)] == [200]


def test_past_the_deadline_while_the_app_answers_the_connection_is_closed_without_a_second_answer():
    release = asyncio.Event()

    async def streaming(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part", "more_body": True})
        await release.wait()

    srv = Server(app=streaming)
    proto, transport = srv.connect()
    proto.data_received(b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc")  # body incomplete
    srv.loop.advance(LIMITS.request_timeout + 0.01)
    assert transport.closed
    assert b"408" not in transport.output and transport.output.startswith(b"HTTP/1.1 200 OK")
    release.set()
    srv.loop.close()


# --- idle connections --------------------------------------------------------------------------


def test_a_connection_that_sends_nothing_is_closed_after_the_keep_alive_timeout(server):
    _, transport = server.connect()
    server.loop.advance(KEEP_ALIVE_S - 0.01)
    assert not transport.closed
    server.loop.advance(0.02)
    assert transport.closed and transport.output == b""


def test_blank_lines_do_not_disarm_the_idle_timeout(server):
    proto, transport = server.connect()
    server.loop.advance(KEEP_ALIVE_S / 2)
    proto.data_received(b"\r\n")
    server.loop.advance(KEEP_ALIVE_S + 0.01)
    assert transport.closed and transport.output == b""


def test_an_idle_keep_alive_connection_is_closed_after_its_answer(server):
    proto, transport = server.connect()
    proto.data_received(GET)
    server.loop.advance(KEEP_ALIVE_S - 0.01)
    assert not transport.closed
    server.loop.advance(0.02)
    assert transport.closed


# --- caps and limits ---------------------------------------------------------------------------


def test_the_connection_past_the_cap_gets_503_at_once(server):
    connections = [server.connect() for _ in range(LIMITS.max_connections)]
    assert all(transport.output == b"" for _, transport in connections)
    proto, transport = server.connect()
    error = refusal(transport, 503)
    assert error["error"]["code"] == "server_busy"
    proto.connection_lost(None)
    connections[0][0].connection_lost(None)
    _, transport = server.connect()  # a place freed, the next is served
    assert transport.output == b""


def test_a_request_target_over_the_limit_gets_414(server):
    proto, transport = server.connect()
    proto.data_received(b"GET /" + b"a" * LIMITS.max_target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    server.loop.settle()
    refusal(transport, 414)


def test_a_target_at_the_limit_is_served(server):
    proto, transport = server.connect()
    proto.data_received(b"GET /" + b"a" * (LIMITS.max_target - 1) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    server.loop.settle()
    assert responses(transport.output)[0][0] == 200


def test_more_header_fields_than_the_limit_get_431(server):
    proto, transport = server.connect()
    fields = b"".join(b"X-%d: 1\r\n" % i for i in range(LIMITS.max_fields + 1))
    proto.data_received(b"GET / HTTP/1.1\r\n" + fields + b"\r\n")
    assert "header fields" in json.dumps(refusal(transport, 431))


def test_a_header_field_over_the_size_limit_gets_431(server):
    proto, transport = server.connect()
    proto.data_received(b"GET / HTTP/1.1\r\nX-Big: " + b"v" * LIMITS.max_field_size + b"\r\n\r\n")
    assert "header field is over" in json.dumps(refusal(transport, 431))


def test_a_header_section_over_the_total_gets_431_even_in_small_chunks():
    srv = Server(limits=Limits())  # gunicorn's field limits allow 100 fields of 8 KiB: over the total
    proto, transport = srv.connect()
    field = b"X-Big: " + b"v" * (Limits.max_field_size - 20) + b"\r\n"
    head = b"GET / HTTP/1.1\r\n" + field * (MAX_HEAD_BYTES // len(field) + 1)
    for start in range(0, len(head), 1000):
        proto.data_received(head[start:start + 1000])
    assert "header section is over" in json.dumps(refusal(transport, 431))
    srv.loop.close()


def test_a_transfer_coding_other_than_chunked_gets_501(server):
    proto, transport = server.connect()
    proto.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
    refusal(transport, 501)


def test_a_chunked_body_is_served(server):
    proto, transport = server.connect()
    proto.data_received(b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
    server.loop.settle()
    assert responses(transport.output)[0][2] == b"/c abc"


# --- refusals and the lingering close -----------------------------------------------------------


def test_malformed_http_gets_400_in_the_api_error_shape(server):
    proto, transport = server.connect()
    proto.data_received(b"NOT HTTP AT ALL\r\n\r\n")
    error = refusal(transport, 400)
    assert error["error"]["message"].startswith("Bad Request: the request is not valid HTTP/1.1")


def test_a_refusal_half_closes_then_lingers_then_closes(server):
    proto, transport = server.connect()
    proto.data_received(b"GET /" + b"a" * LIMITS.max_target + b" HTTP/1.1\r\n")
    assert transport.eof and not transport.closed, "the answer is followed by a half-close, not a reset"
    proto.data_received(b"Host: x\r\n\r\nGET / HTTP/1.1\r\n\r\n")  # what the client still sends is dropped
    server.loop.advance(LINGER_S - 0.01)
    assert not transport.closed
    server.loop.advance(0.02)
    assert transport.closed
    refusal(transport, 414)  # and nothing was answered to what came after


def test_a_refusal_while_the_app_reads_the_body_tells_the_app_the_client_is_gone():
    seen = []

    async def reader(scope, receive, send):
        while True:
            message = await receive()
            seen.append(message["type"])
            if message["type"] == "http.disconnect" or not message.get("more_body"):
                return

    srv = Server(app=reader)
    proto, transport = srv.connect()
    proto.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")
    srv.loop.settle()
    srv.loop.advance(LIMITS.request_timeout + 0.01)
    refusal(transport, 408)
    assert seen[-1] == "http.disconnect"
    srv.loop.close()


# --- graceful shutdown ---------------------------------------------------------------------------


def test_on_shutdown_an_idle_connection_may_start_one_more_request_answered_with_connection_close(server):
    proto, transport = server.connect()
    proto.shutdown()
    server.loop.advance(SHUTDOWN_GRACE_S / 2)
    assert not transport.closed
    proto.data_received(GET)
    server.loop.settle()
    (status, headers, _), = responses(transport.output)
    assert status == 200 and headers["connection"] == "close"


def test_on_shutdown_an_idle_connection_is_closed_after_the_grace(server):
    proto, transport = server.connect()
    proto.shutdown()
    server.loop.advance(SHUTDOWN_GRACE_S + 0.01)
    assert transport.closed and transport.output == b""


def test_on_shutdown_a_request_in_progress_is_finished_with_connection_close(server):
    proto, transport = server.connect()
    proto.data_received(b"POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab")
    proto.shutdown()
    server.loop.advance(SHUTDOWN_GRACE_S + 0.01)
    assert not transport.closed, "a request being received is not cut off"
    proto.data_received(b"cd")
    server.loop.settle()
    (status, headers, body), = responses(transport.output)
    assert (status, headers["connection"], body) == (200, "close", b"/p abcd")


def test_limits_default_to_gunicorns_own():
    """worker.py passes gunicorn's settings; unset, the limits are gunicorn's defaults."""
    from gunicorn.config import Config as GunicornConfig

    defaults = GunicornConfig()
    assert (Limits.max_target, Limits.max_fields, Limits.max_field_size) == (
        defaults.limit_request_line, defaults.limit_request_fields, defaults.limit_request_field_size)
