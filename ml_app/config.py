"""Service settings, read once from the environment.

Every knob has a safe default so `create_app()` works with no environment at
all; tests pass a `Settings` directly instead of mutating `os.environ`. Under
gunicorn, `from_environment()` reads them once in the master (gunicorn.conf.py)
and every worker, forked from it, uses that same reading (worker.py, asgi.py).
"""
import functools
import math
import os
import pathlib
import re
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: Rows accepted in one batch request; beyond it the request is refused (413)
#: so one client cannot monopolise a worker.
DEFAULT_MAX_BATCH_ROWS = 10_000
#: Request bodies above this many bytes are refused (413) before parsing;
#: 10,000 rows of four numbers fit comfortably.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
#: The model's name on the Open Inference Protocol routes (/v2/models/<name>/...).
DEFAULT_MODEL_NAME = "iris"
#: Seconds from a request's first byte to its last; past it, 408 and close (ml_app/protocol.py).
DEFAULT_REQUEST_TIMEOUT_S = 10.0
#: Seconds an idle connection stays open. Longer than any client's or proxy's idle timeout
#: (web_app's agent: 30 s, common load balancers: 60 s), so the client always closes an idle
#: connection first and never sends a request on one the server is closing.
DEFAULT_KEEPALIVE_S = 75
#: Connections one worker holds open; the next one gets 503 at once. Idle keep-alive
#: connections count, so this is far above any real client pool.
DEFAULT_MAX_CONNECTIONS = 10_000
_MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}").fullmatch


@dataclass(frozen=True)
class Settings:
    """What the service needs to know besides its code."""

    model_dir: pathlib.Path = ROOT / "build" / "model"
    max_batch_rows: int = DEFAULT_MAX_BATCH_ROWS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    api_token: str | None = None
    cors_origins: frozenset[str] = field(default_factory=frozenset)
    #: MODEL_NAME when set; None: the artifact's model_name (served_name).
    model_name: str | None = None
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT_S
    keepalive: int = DEFAULT_KEEPALIVE_S
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        """Build settings from `MODEL_DIR`, `MAX_BATCH_ROWS`, `MAX_BODY_BYTES`,
        `API_TOKEN`, `CORS_ORIGINS` (comma-separated), `MODEL_NAME`,
        `ML_REQUEST_TIMEOUT`, `ML_KEEPALIVE` and `ML_MAX_CONNECTIONS`."""
        origins = {o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()}
        return cls(
            model_dir=pathlib.Path(env.get("MODEL_DIR") or cls.model_dir),
            max_batch_rows=_positive_int(env, "MAX_BATCH_ROWS", DEFAULT_MAX_BATCH_ROWS),
            max_body_bytes=_positive_int(env, "MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            api_token=env.get("API_TOKEN") or None,
            cors_origins=frozenset(origins),
            model_name=_model_name(env["MODEL_NAME"]) if env.get("MODEL_NAME") else None,
            request_timeout=_positive_seconds(env, "ML_REQUEST_TIMEOUT", DEFAULT_REQUEST_TIMEOUT_S),
            keepalive=_positive_int(env, "ML_KEEPALIVE", DEFAULT_KEEPALIVE_S),
            max_connections=_positive_int(env, "ML_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS),
        )


@functools.cache
def from_environment() -> Settings:
    """This process's settings, read from the environment once: gunicorn's master reads them
    (gunicorn.conf.py) and its workers inherit that reading when they fork (worker.py, asgi.py)."""
    return Settings.from_env()


def served_name(settings: Settings, model=None) -> str:
    """The model's name on the V2 routes: MODEL_NAME if set, else the artifact's model_name
    (format 1: iris), else DEFAULT_MODEL_NAME while no model is loaded."""
    if settings.model_name:
        return settings.model_name
    name = model.contract.model_name if model is not None else None
    return name if name and _MODEL_NAME(name) else DEFAULT_MODEL_NAME


def _positive_int(env, name: str, default: int) -> int:
    """An integer setting; a typo should stop start-up, not silently use a default."""
    return _positive(env, name, default, int, "a positive integer")


def _positive_seconds(env, name: str, default: float) -> float:
    """A duration setting in seconds (fractions allowed); a typo stops start-up."""
    return _positive(env, name, default, float, "a positive number of seconds")


def _positive(env, name: str, default, kind, what: str):
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if not 0 < value < math.inf:  # NaN fails too
        raise ValueError(f"{name} must be {what}, got {raw!r}")
    return value


def _model_name(name: str) -> str:
    """The model's name goes into URL paths: letters, digits, '.', '_' and '-' only."""
    if not _MODEL_NAME(name):
        raise ValueError(f"MODEL_NAME must be 1-64 letters, digits, '.', '_' or '-', starting with a letter "
                         f"or digit; got {name!r}")
    return name
