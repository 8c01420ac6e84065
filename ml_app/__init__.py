"""ml_app: the Iris prediction service.

`create_app()` loads and verifies the model and builds the one ASGI application
gunicorn serves (asgi.py): the edge (ml_app/edge/), around the router
(router.py), around the routes: the native POST /prediction (prediction.py)
and the probes (probes.py), and the Flask blueprints (blueprints.py: routes.py,
v2.py, docs.py), which the router builds on first use.
"""
import pathlib
from dataclasses import dataclass, replace

from . import logs, probes
from .config import Settings
from .core import ModelState, PredictionCore
from .edge import Edge
from .metrics import Recorder
from .model import load_model
from .prediction import Prediction
from .router import Route, Router


def native_routes(core: PredictionCore, state: ModelState) -> tuple:
    """The routes answered on the event loop without Flask: the hot path and the probes."""
    return (Route("POST", "/prediction", "prediction", Prediction(core), requires_token=True),
            Route("GET", "/health", "ml_app.health", probes.health),
            Route("GET", "/ready", "ml_app.ready", probes.Ready(state)))


@dataclass
class Parts:
    """What the routes and the edge share: settings, the model state, the prediction core,
    and the router (whose routes the OpenAPI document lists)."""

    settings: Settings
    state: ModelState
    core: PredictionCore
    router: Router | None = None

    @property
    def routes(self) -> tuple:
        """Every route of the app, the Flask blueprints' included."""
        return self.router.routes

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

    def flask_routes():
        from .blueprints import flask_app  # Flask is imported here, when first needed (blueprints.py)

        return flask_app(parts)

    parts.router = Router(native_routes(core, state), later=flask_routes)
    if load:
        parts.load_model()
    return Edge(parts)
