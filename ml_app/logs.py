"""Structured JSON logs: one access line per request on stdout, errors on stderr.

The access line is written with a single `os.write` of pre-encoded bytes: it is
on the hot path, and one syscall of a short line is atomic between workers.
"""
import logging
import os
import re
from random import getrandbits
import time
import traceback

import orjson

#: An incoming X-Request-ID is kept only when it is short and plain.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}").fullmatch

error_log = logging.getLogger("ml_app")


def request_id(incoming: str | None) -> str:
    """Keep a sane incoming id (so callers can correlate), else make a fresh one."""
    if incoming and _SANE_REQUEST_ID(incoming):
        return incoming
    # 64 random bits without a syscall; `random` reseeds itself in every forked worker.
    return f"{getrandbits(64):016x}"


def access(request_id: str, method: str, path: str, status: int, seconds: float, rows: int) -> None:
    """Write the one access-log line for a request."""
    line = orjson.dumps({
        "ts": time.time(),
        "level": "info",
        "msg": "request",
        "pid": os.getpid(),  # which worker answered
        "request_id": request_id,
        "method": method,
        "path": path,
        "status": status,
        "latency_ms": round(seconds * 1000, 3),
        "rows": rows,
    })
    os.write(1, line + b"\n")


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
