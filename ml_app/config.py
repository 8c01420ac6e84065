"""Service settings, read once from the environment.

Every knob has a safe default so `create_app()` works with no environment at
all; tests pass a `Settings` directly instead of mutating `os.environ`.
"""
import os
import pathlib
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: Rows accepted in one batch request; beyond it the request is refused (413)
#: so one client cannot monopolise a worker.
DEFAULT_MAX_BATCH_ROWS = 10_000
#: Request bodies above this many bytes are refused (413) before parsing;
#: 10,000 rows of four numbers fit comfortably.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What the service needs to know besides its code."""

    model_dir: pathlib.Path = ROOT / "build" / "model"
    max_batch_rows: int = DEFAULT_MAX_BATCH_ROWS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    api_token: str | None = None
    cors_origins: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        """Build settings from `MODEL_DIR`, `MAX_BATCH_ROWS`, `MAX_BODY_BYTES`,
        `API_TOKEN` and `CORS_ORIGINS` (comma-separated)."""
        origins = {o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()}
        return cls(
            model_dir=pathlib.Path(env.get("MODEL_DIR") or cls.model_dir),
            max_batch_rows=_positive_int(env, "MAX_BATCH_ROWS", DEFAULT_MAX_BATCH_ROWS),
            max_body_bytes=_positive_int(env, "MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            api_token=env.get("API_TOKEN") or None,
            cors_origins=frozenset(origins),
        )


def _positive_int(env, name: str, default: int) -> int:
    """An integer setting; a typo should stop start-up, not silently use a default."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {raw!r}")
    return value
