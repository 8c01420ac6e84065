"""ml_app: the Iris prediction service (Flask application factory).

`create_app()` loads and verifies the model and wires the Flask routes for
everything; `ml_app.front.Front(app)` is the ASGI application gunicorn serves,
sending POST /prediction straight to the framework-free core and the rest to Flask.
"""
import pathlib
from dataclasses import dataclass, replace

from flask import Flask

from . import docs, logs, routes, v2, web
from .config import Settings
from .core import ModelState, PredictionCore
from .metrics import Recorder
from .model import load_model


@dataclass
class Parts:
    """What the routes share: settings, the model state and the prediction core."""

    settings: Settings
    state: ModelState
    core: PredictionCore

    def load_model(self) -> None:
        """Load and verify the model (raises model.ModelError), then become ready."""
        model = load_model(self.state.model_dir)
        self.core.recorder.bind_classes(model.class_names)
        self.state.model = model


def create_app(model_dir=None, settings: Settings | None = None, *, load: bool = True) -> Flask:
    """Build the service.

    model_dir overrides settings.model_dir; settings default to the environment.
    load=False starts not ready (503) until `app.extensions["ml_app"].load_model()`.
    """
    settings = settings or Settings.from_env()
    if model_dir is not None:
        settings = replace(settings, model_dir=pathlib.Path(model_dir))
    logs.configure()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False
    state = ModelState(settings.model_dir)
    parts = Parts(settings, state, PredictionCore(state, settings, Recorder()))
    app.extensions["ml_app"] = parts
    web.install(app)
    app.register_blueprint(routes.bp)
    app.register_blueprint(v2.bp)
    app.register_blueprint(docs.bp)
    if load:
        parts.load_model()
    return app
