"""The routes Flask serves, built into one Flask app when the router first needs them.

The blueprints are routes.py (/model, /metrics, /openapi.json), v2.py (the Open
Inference Protocol) and docs.py (/docs); each family of routes answers its
errors in its own JSON shape. They are imported on first use (ml_app/router.py:
`Router.complete`), in a worker once it serves, not at start-up: Flask,
Werkzeug, Jinja and click are a tenth of the instructions from spawn to ready
(cachegrind), and none of these routes is the prediction a ready probe vouches for.
"""
from flask import Flask

from . import docs, routes, v2
from .errors import envelope

#: The Flask blueprints, each a family of routes, with the JSON shape its errors take.
BLUEPRINTS = ((routes.bp, envelope), (v2.bp, v2.error_body), (docs.bp, envelope))


def flask_app(parts) -> tuple[Flask, dict]:
    """The Flask app of every blueprint, sharing `parts` (settings, model state, core) with
    the native routes, and {blueprint name: error shape}."""
    app = Flask(__name__, static_folder=None)
    app.json.sort_keys = False
    # A view's exceptions go on to the edge, which answers them (ml_app/edge/answer_errors.py).
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.extensions["ml_app"] = parts
    for blueprint, _ in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app, {blueprint.name: shape for blueprint, shape in BLUEPRINTS}
