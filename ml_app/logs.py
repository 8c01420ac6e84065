"""Structured JSON logs: one access line per request on stdout, errors on stderr.

Access lines are written with `os.write` of pre-encoded bytes: they are on the
hot path, and one system call of at most PIPE_BUF bytes is atomic between
workers. In a gunicorn worker (`per_loop_pass`, called by ml_app/worker.py) the
lines of one event-loop pass are joined into one such write at its end, since
a loaded worker answers many requests a pass and the write was a sixth of its
time; anywhere else (a test's event loop, another thread) each line is written
as it comes. The edge (ml_app/edge/access_log.py and answer_errors.py) decides
when a line is due; this module only writes it.
"""
import atexit
import logging
import os
import threading
import time
import traceback

import orjson

error_log = logging.getLogger("ml_app")

_pid = os.getpid()


def pid() -> int:
    """This process's id without a system call (os.getpid is one, and the hot path asked
    five times a request: the access line and each metric update); kept right across forks."""
    return _pid


def _forked() -> None:
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_forked)

#: Joined lines never exceed this: a write of at most PIPE_BUF bytes to a pipe is atomic.
BATCH_BYTES = 4096


class _Lines:
    """Access lines to fd 1: each at once, or, on the event loop given to `per_loop_pass`,
    held until the end of the pass (or BATCH_BYTES) and written together."""

    def __init__(self):
        self.loop = None
        self.thread = None
        self.held = []
        self.size = 0

    def write(self, line: bytes) -> None:
        if self.loop is None or threading.get_ident() != self.thread:
            os.write(1, line)
            return
        if self.size + len(line) > BATCH_BYTES:
            self.flush()
        if not self.held:
            self.loop.call_soon(self.flush)
        self.held.append(line)
        self.size += len(line)

    def flush(self) -> None:
        if self.held:
            data = b"".join(self.held)
            self.held.clear()
            self.size = 0
            os.write(1, data)


_lines = _Lines()
atexit.register(_lines.flush)  # a worker's last pass


def per_loop_pass(loop) -> None:
    """Join the access lines written on `loop`'s thread (call it there) into one write per
    pass; None writes each line at once again."""
    _lines.flush()
    _lines.loop, _lines.thread = loop, threading.get_ident()


def access(request_id: str, method: str, path: str, status: int, seconds: float, rows: int) -> None:
    """Write the one access-log line for a request."""
    line = orjson.dumps({
        "ts": time.time(),
        "level": "info",
        "msg": "request",
        "pid": _pid,  # which worker answered
        "request_id": request_id,
        "method": method,
        "path": path,
        "status": status,
        "latency_ms": round(seconds * 1000, 3),
        "rows": rows,
    })
    _lines.write(line + b"\n")


def unexpected(request_id: str, exc: BaseException) -> None:
    """Log an unexpected failure with its traceback and the id the client was given."""
    error_log.error(
        "unhandled error",
        extra={"request_id": request_id, "traceback": "".join(traceback.format_exception(exc))},
    )


class JsonFormatter(logging.Formatter):
    """Formats any log record as one JSON object per line (gunicorn's logs too)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": record.created, "level": record.levelname.lower(), "logger": record.name,
                 "msg": record.getMessage()}
        for key in ("request_id", "traceback"):
            if getattr(record, key, None):
                entry[key] = getattr(record, key)
        if record.exc_info and "traceback" not in entry:
            entry["traceback"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


class _StderrHandler(logging.Handler):
    """Writes each record with one `os.write` to fd 2: atomic between workers,
    and whatever fd 2 is now (a redirect, a test's capture) gets it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            os.write(2, (self.format(record) + "\n").encode("utf-8", "backslashreplace"))
        except Exception:  # logging must never take the request down with it
            self.handleError(record)


def configure() -> None:
    """Send the app's own log records to stderr as JSON, once per process."""
    if error_log.handlers:
        return
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter())
    error_log.addHandler(handler)
    error_log.setLevel(logging.INFO)
    error_log.propagate = False
