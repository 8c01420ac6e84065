"""Fewer system calls per request: a response's writes go out as one (ml_app/protocol.py's
Coalesced), the access lines of an event-loop pass as one (ml_app/logs.py), and the
process id is cached across forks. Real event loops and sockets; the transport's writes
are counted by a thin wrapper around the real one."""
import asyncio
import json
import os
import socket

import pytest
import uvloop

from ml_app import logs
from ml_app.protocol import Coalesced


class CountingTransport:
    """The real transport, with its write calls recorded."""

    def __init__(self, transport):
        self.transport = transport
        self.writes = []

    def write(self, data):
        self.writes.append(bytes(data))
        self.transport.write(data)

    def __getattr__(self, name):
        return getattr(self.transport, name)


def run(coroutine_function):
    """Run a test body on uvloop, as the workers do, with a connected socket pair:
    (loop, counted transport of our end, the peer's socket)."""
    ours, peer = socket.socketpair()
    peer.settimeout(5)

    async def main():
        loop = asyncio.get_running_loop()
        transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, ours)
        counted = CountingTransport(transport)
        try:
            return await coroutine_function(loop, counted, peer)
        finally:
            transport.close()

    try:
        return uvloop.run(main())
    finally:
        peer.close()


def receive(peer, size):
    data = b""
    while len(data) < size:
        chunk = peer.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def test_a_response_head_and_body_go_out_in_one_write():
    async def body(loop, counted, peer):
        transport = Coalesced(counted, loop)
        transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
        transport.write(b"{}")
        assert counted.writes == []  # held until the response is complete
        transport.flush()  # GuardedProtocol.on_response_complete
        return counted.writes, receive(peer, 40)

    writes, received = run(body)
    assert writes == [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"]
    assert received == writes[0]


def test_writes_not_flushed_go_out_at_the_end_of_the_loop_pass():
    async def body(loop, counted, peer):
        transport = Coalesced(counted, loop)
        transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # nothing completes it: the pass's end must send it
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return counted.writes, receive(peer, 25)

    writes, received = run(body)
    assert writes == [b"HTTP/1.1 100 Continue\r\n\r\n"] and received == writes[0]


@pytest.mark.parametrize("ending", ["close", "write_eof"])
def test_closing_sends_what_is_held_first(ending):
    async def body(loop, counted, peer):
        transport = Coalesced(counted, loop)
        transport.write(b"HTTP/1.1 503 Service Unavailable\r\n")
        transport.write(b"Connection: close\r\n\r\n")
        getattr(transport, ending)()
        await asyncio.sleep(0.05)
        return counted.writes, receive(peer, 1000)

    writes, received = run(body)
    assert writes == [b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n"]
    assert received == writes[0]  # then end of stream: receive stopped at EOF


def test_access_lines_of_one_pass_are_written_together_at_its_end(monkeypatch):
    writes = []
    monkeypatch.setattr(logs.os, "write", lambda fd, data: writes.append((fd, bytes(data))) or len(data))

    async def body(loop):
        logs.per_loop_pass(loop)
        try:
            for i in range(3):
                logs.access(f"pass-{i}", "POST", "/prediction", 200, 0.001, 1)
            during = list(writes)
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            return during
        finally:
            logs.per_loop_pass(None)

    assert uvloop.run(_with_loop(body)) == []
    [(fd, data)] = writes  # one write, to stdout
    assert fd == 1 and [json.loads(line)["request_id"] for line in data.decode().splitlines()] == [
        "pass-0", "pass-1", "pass-2"]


async def _with_loop(body):
    return await body(asyncio.get_running_loop())


def test_access_lines_never_join_beyond_an_atomic_pipe_write(monkeypatch):
    writes = []
    monkeypatch.setattr(logs.os, "write", lambda fd, data: writes.append((fd, bytes(data))) or len(data))

    async def body(loop):
        logs.per_loop_pass(loop)
        try:
            for i in range(100):  # ~200 bytes each: several PIPE_BUF-sized writes in one pass
                logs.access(f"many-{i}", "POST", "/prediction", 200, 0.001, 1)
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        finally:
            logs.per_loop_pass(None)

    uvloop.run(_with_loop(body))
    assert {fd for fd, _ in writes} == {1} and 1 < len(writes) < 100
    assert max(len(data) for _, data in writes) <= logs.BATCH_BYTES
    lines = b"".join(data for _, data in writes).decode().splitlines()
    assert [json.loads(line)["request_id"] for line in lines] == [f"many-{i}" for i in range(100)]


def test_a_line_from_another_thread_is_written_at_once(capfd):
    import threading

    async def body(loop):
        logs.per_loop_pass(loop)
        try:
            capfd.readouterr()
            thread = threading.Thread(target=logs.access, args=("bridge", "GET", "/health", 200, 0.001, 0))
            thread.start()
            thread.join()
            return capfd.readouterr().out
        finally:
            logs.per_loop_pass(None)

    assert json.loads(uvloop.run(_with_loop(body)))["request_id"] == "bridge"


def test_the_cached_pid_follows_a_fork():
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child reports through the pipe)
        os.write(writer, str(logs.pid() == os.getpid() != os.getppid()).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    assert os.read(reader, 16) == b"True" and logs.pid() == os.getpid()
    os.close(reader)
