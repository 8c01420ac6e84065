"""The WSGI entry point for gunicorn: `gunicorn ml_app.wsgi:app`.

gunicorn.conf.py has already loaded the model once in the master, so this
rarely fails; if it does (the artifact changed in between), it is the same
expected failure: one clear paragraph on stderr and exit status 4, which
gunicorn's arbiter reads as "application failed to load" and stops on.
"""
import gc
import sys

from . import create_app
from .model import ModelError

APP_LOAD_ERROR = 4  # gunicorn's own exit code for an app that cannot load

try:
    app = create_app()
except (ModelError, ValueError) as exc:
    print(f"ml_app: cannot start: {exc}", file=sys.stderr, flush=True)
    sys.exit(APP_LOAD_ERROR)

# Everything alive now (the scientific stack, the model) lives as long as the
# worker: freezing it keeps the cyclic GC from re-scanning it on every pass,
# which shortens GC pauses under load and the collection at exit from seconds
# to nothing (graceful restarts and shutdowns stay quick).
gc.freeze()
