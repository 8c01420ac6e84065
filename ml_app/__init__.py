"""ml_app: the Iris prediction service.

`create_app()` loads and verifies the model and builds the one ASGI application
gunicorn serves (asgi.py): the edge (ml_app/edge/), around the router
(router.py), around the routes: the native POST /prediction (prediction.py)
and the probes (probes.py), and the Flask blueprints (routes.py, v2.py, docs.py).
"""
import pathlib
from dataclasses import dataclass, replace

from flask import Flask

from . import docs, logs, probes, routes, v2
from .config import Settings
from .core import ModelState, PredictionCore
from .edge import Edge
from .errors import envelope
from .metrics import Recorder
from .model import load_model
from .prediction import Prediction
from .router import Route, Router

#: The Flask blueprints, each a family of routes, with the JSON shape its errors take.
BLUEPRINTS = ((routes.bp, envelope), (v2.bp, v2.error_body), (docs.bp, envelope))


def native_routes(core: PredictionCore, state: ModelState) -> tuple:
    """The routes answered on the event loop without Flask: the hot path and the probes."""
    return (Route("POST", "/prediction", "prediction", Prediction(core), requires_token=True),
            Route("GET", "/health", "ml_app.health", probes.health),
            Route("GET", "/ready", "ml_app.ready", probes.Ready(state)))


@dataclass
class Parts:
    """What the routes and the edge share: settings, the model state, the prediction core,
    and the routes (for the OpenAPI document)."""

    settings: Settings
    state: ModelState
    core: PredictionCore
    routes: tuple = ()

    def load_model(self) -> None:
        """Load and verify the model (raises model.ModelError), then become ready."""
        model = load_model(self.state.model_dir)
        self.core.recorder.bind_classes(model.class_names)
        self.state.model = model


def create_app(model_dir=None, settings: Settings | None = None, *, load: bool = True) -> Edge:
    """Build the service: an ASGI application.

    model_dir overrides settings.model_dir; settings default to the environment.
    load=False starts not ready (503) until `app.parts.load_model()`.
    """
    settings = settings or Settings.from_env()
    if model_dir is not None:
        settings = replace(settings, model_dir=pathlib.Path(model_dir))
    logs.configure()
    state = ModelState(settings.model_dir)
    core = PredictionCore(state, settings, Recorder())
    parts = Parts(settings, state, core)
    flask_app = Flask(__name__, static_folder=None)
    flask_app.json.sort_keys = False
    # A view's exceptions go on to the edge, which answers them (ml_app/edge/answer_errors.py).
    flask_app.config["PROPAGATE_EXCEPTIONS"] = True
    flask_app.extensions["ml_app"] = parts
    for blueprint, _ in BLUEPRINTS:
        flask_app.register_blueprint(blueprint)
    router = Router(flask_app, native_routes(core, state), {blueprint.name: shape for blueprint, shape in BLUEPRINTS})
    parts.routes = router.routes
    if load:
        parts.load_model()
    return Edge(router, parts)
