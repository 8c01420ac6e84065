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
