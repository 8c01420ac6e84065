"""gunicorn's worker for ml_app: uvicorn's event loop (uvloop, httptools) under gunicorn.

Why uvicorn: with the thread-per-connection gthread worker, one client that
sent half a request and went silent held a thread, so a few such clients
stalled the service, and Python's HTTP handling, not the model, was most of
the CPU per request. uvicorn parses HTTP in C (httptools, Node's llhttp),
runs on libuv (uvloop), holds a waiting client as a coroutine, and is widely
used and maintained; `uvicorn-worker` (by uvicorn's authors) runs it as a
gunicorn worker, so gunicorn stays the process manager: worker supervision,
heartbeat timeouts, graceful reloads and shutdowns. A hand-written parser
would have to earn the same trust on every malformed request.

What this module adds to `uvicorn_worker.UvicornWorker`, and only that:
- uvicorn's settings for ml_app (uvloop, no lifespan or websockets, no
  uvicorn access log: the app writes its own JSON line);
- ml_app/protocol.py's limits, from gunicorn's settings and ML_REQUEST_TIMEOUT
  (ml_app/config.py, read once in the master);
- the access log written once per event-loop pass (ml_app/logs.py);
- once it serves, the routes built on first use (Flask's: ml_app/router.py)
  are built in a thread, so readiness does not wait for them nor a first
  request to /model for them;
- on shutdown, the connections already queued on the listening socket are
  accepted and served before it is closed (closing it would reset them);
- `refuse_new_connections`, which gunicorn.conf.py applies in the master on a
  full stop, so the queue stops growing and later clients are refused, not reset.
"""
import asyncio
import ctypes
import functools
import select
import socket
import sys
import threading

from gunicorn.arbiter import Arbiter
from uvicorn.server import Server
from uvicorn_worker import UvicornWorker

from . import logs
from .config import from_environment
from .protocol import GuardedProtocol, Limits

#: How long a stopping worker keeps accepting what is already queued (it is queued: this is quick).
DRAIN_S = 1.0


class Worker(UvicornWorker):
    """`worker_class = "ml_app.worker.Worker"` (see ml_app/gunicorn.conf.py)."""

    CONFIG_KWARGS = {"loop": "uvloop", "http": "httptools", "interface": "asgi3", "lifespan": "off",
                     "ws": "none", "access_log": False, "proxy_headers": False, "server_header": False}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = Limits(request_timeout=from_environment().request_timeout,
                        max_connections=self.cfg.worker_connections,
                        max_target=self.cfg.limit_request_line or Limits.max_target,
                        max_fields=self.cfg.limit_request_fields or Limits.max_fields,
                        max_field_size=self.cfg.limit_request_field_size or Limits.max_field_size)
        self.config.http = functools.partial(GuardedProtocol, limits=limits)
        # Finish in-flight requests within gunicorn's own grace, before its SIGKILL.
        self.config.timeout_graceful_shutdown = max(self.cfg.graceful_timeout - 1, 1)

    async def _serve(self) -> None:
        """UvicornWorker._serve, with the draining server below and access lines joined per loop pass."""
        logs.per_loop_pass(asyncio.get_running_loop())
        self.config.app = self.wsgi
        server = DrainingServer(config=self.config)
        self._install_sigquit_handler()
        await server.serve(sockets=self.sockets)
        if not server.started:
            sys.exit(Arbiter.WORKER_BOOT_ERROR)


class DrainingServer(Server):
    """uvicorn's server, accepting what is already queued before it stops listening, and
    completing the app's routes once it serves."""

    async def startup(self, sockets=None):
        await super().startup(sockets)
        if self.started:  # the app is ml_app's Edge (Worker._serve)
            threading.Thread(target=self.config.app.complete_routes, name="ml_app-routes", daemon=True).start()

    async def shutdown(self, sockets=None):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DRAIN_S
        while sockets and loop.time() < deadline and _queued(sockets):
            await asyncio.sleep(0.005)  # the loop accepts them meanwhile
        await super().shutdown(sockets)


def _queued(sockets) -> bool:
    """Whether a connection waits to be accepted on any of the listening sockets."""
    poller = select.poll()
    for sock in sockets:
        poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


_SO_ATTACH_FILTER = 26  # Linux
_DROP_ALL = (_SockFilter * 1)(_SockFilter(0x06, 0, 0, 0))  # classic BPF: "ret #0", keep no packet


def refuse_new_connections(listener) -> bool:
    """Make a listening socket drop new connection attempts, keeping the ones already queued.

    Closing a listening socket resets the connections still queued on it:
    clients that have sent a request see ECONNRESET. With a drop-all socket
    filter attached first, no new connection joins the queue (a client's SYN
    is dropped; its retry, once the socket is closed, is refused), and the
    workers accept and serve what is queued before they close it. Linux only;
    elsewhere this returns False and the stop proceeds as gunicorn's.
    """
    if not sys.platform.startswith("linux") or listener.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    program = _SockFprog(1, _DROP_ALL)
    try:
        listener.setsockopt(socket.SOL_SOCKET, _SO_ATTACH_FILTER, bytes(program))
    except OSError:
        return False
    return True
