"""The application gunicorn serves (ml_app/gunicorn.conf.py: `wsgi_app = "ml_app.asgi:app"`).

`create_app()` with the settings gunicorn's master read (config.from_environment).
gunicorn.conf.py has already loaded the model once in the master, so this
rarely fails; if it does (the artifact changed in between), it is the same
expected failure: one clear paragraph on stderr and exit status 4, which
gunicorn's arbiter reads as "application failed to load" and stops on.
"""
import gc

from . import create_app
from .config import from_environment
from .model import ModelError, exit_cannot_start

try:
    app = create_app(settings=from_environment())
except (ModelError, ValueError) as exc:
    exit_cannot_start(exc)

# Everything alive now (the scientific stack, the model) lives as long as the
# worker: freezing it keeps the cyclic GC from re-scanning it on every pass,
# which shortens GC pauses under load and the collection at exit from seconds
# to nothing (graceful restarts and shutdowns stay quick).
gc.freeze()
# A 1,000-row batch allocates some 4,000 containers that all die with its answer; at the
# default threshold (700) the collector scans them several times a request, 3% of its
# instructions (cachegrind). At 10,000 it mostly finds them gone already.
gc.set_threshold(10_000)
# The master imports and loads with the collector off (gunicorn.conf.py); a worker collects.
gc.enable()
