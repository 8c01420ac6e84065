"""gunicorn's gthread worker, with new connections parked in the poller until they speak.

Stock gthread hands every new connection to a pool thread at once, and that
thread waits up to 5 s for the first byte of the request. A client that
connects and sends nothing yet (a browser's or load balancer's spare
connection, a TCP probe, a port scan) therefore holds a thread for 5 s, and as
many such clients as there are threads stall the worker: measured with stock
gthread, 1 idle connection per thread made a prediction take 4.8 s.

Here a new connection waits in the worker's poller, exactly as a kept-alive
connection waits between requests, and reaches a thread only once its request
has started to arrive; if nothing arrives within the keep-alive timeout it is
closed. Threads then only ever work, so one thread per worker is enough, and
one thread has the steadiest latency: a second thread adds no throughput to
CPU-bound work under one GIL, only hand-offs between threads (at 16
connections on one core, p99 4.6 ms with two threads against 3.6 ms with one).
Everything else is gthread's, unchanged. A client that sends half a request
and stalls still holds its thread, as in stock gthread: that is a job for a
buffering proxy in front, where ml_app is exposed at all (ml_app/README.md).
"""
import errno
import selectors
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

_GONE = (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK)


class ParkingThreadWorker(ThreadWorker):
    """`worker_class = "ml_app.worker.ParkingThreadWorker"` (see ml_app/gunicorn.conf.py)."""

    def accept(self, listener):
        """Accept a connection and park it in the poller until its request starts to arrive."""
        try:
            sock, client = listener.accept()
        except OSError as exc:
            if exc.errno not in _GONE:
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, sock, client, listener.getsockname())  # non-blocking until a thread takes it
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)  # gthread closes the ones still silent at conn.timeout
        self.poller.register(sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def _cap_keepalive(self, deadline):
        """On shutdown, connections that never sent a request get the same short linger as idle
        kept-alive ones, so a silent client cannot hold a stopping worker for its whole timeout."""
        super()._cap_keepalive(deadline)
        for conn in self.pending_conns:
            conn.timeout = min(conn.timeout, deadline)
