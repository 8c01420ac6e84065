"""The OpenAPI 3.1 description of the service, assembled from the app's routes (GET /docs
renders it with Swagger UI: docs.py).

Its path list is generated from the app's routes (ml_app/router.py): every
route appears with the operation written for its endpoint in openapi_operations.py
or openapi_v2.py, its path parameters and whether it needs the token; building
the document fails on a route without an operation and on an operation without
a route. The shapes it refers to are openapi_schemas.py's (and openapi_v2.py's),
from the served model's contract (ml_app/inputs.py); the Iris contract keeps the
Iris document exactly (`Measurements`, centimetres).
"""
import re
from functools import lru_cache

from . import docs, openapi_operations, openapi_schemas, openapi_v2
from .config import Settings, served_name


def openapi_document(settings: Settings, routes: tuple, spec=None, model_name: str | None = None) -> dict:
    """The document for these settings (the limits it states are the live ones), the app's
    routes (`create_app(...).routes`) and the served model's contract (Iris when none is given)."""
    name = model_name or served_name(settings)
    if spec is not None and spec.iris and not spec.is_regression:
        spec = None  # the Iris contract: the Iris document
    return _document(settings.max_batch_rows, settings.max_body_bytes, name, tuple(routes), spec)


@lru_cache(maxsize=8)
def _document(max_rows: int, max_bytes: int, model_name: str, routes: tuple, spec=None) -> dict:
    """The document of the Iris model (`spec` None), or of a model with its own contract: the Iris
    one with the fields, answers and words of this model."""
    operations = {**openapi_operations.operations(max_rows, max_bytes, spec),
                  **openapi_v2.operations(model_name, max_rows, spec)}
    return {
        "openapi": "3.1.0",
        "info": _info(spec),
        "servers": [{"url": "/"}],
        "paths": paths(routes, operations, {"name": model_name}),
        "components": {
            "schemas": {**openapi_schemas.schemas(max_rows, spec), **openapi_v2.schemas(spec)},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Only when the server sets API_TOKEN."}},
        },
    }


def _info(spec) -> dict:
    info = {"title": "Iris prediction service (ml_app)", "version": "1.0.0",
            "description": "Predicts the Iris species from sepal and petal measurements with the "
                           "scikit-learn model built from the project's notebook."}
    if spec is not None:
        target = spec.target.get("name") or "target"
        what = "a number" if spec.is_regression else "a class"
        info.update(
            title=f"{target} prediction service (ml_app)",
            description=f"Predicts {target} ({what}) from {', '.join(spec.names)} with the scikit-learn model "
                        "built from the notebook.")
    return info


# --- the paths, from the routes ------------------------------------------------------------------

#: The schema of each path parameter a route may have (a route with another one fails the document).
PATH_PARAMETERS = {
    "version": {"description": "The model's version (GET /model: model_version); another is a 404.",
                "schema": {"$ref": "#/components/schemas/ModelVersion"}},
    "asset": {"description": "A file of Swagger UI's.", "schema": {"enum": sorted(docs.ASSETS)}},
}


def paths(routes, operations: dict, fixed: dict) -> dict:
    """The document's paths: every route, with its operation (by its endpoint).

    The path is the route's template with `{parameter}` for Flask's `<parameter>`,
    except those `fixed` names a value for, written literally (the model's name:
    this document describes this server's one model). A route's `security` says
    whether it needs the token (`requires_token`). A route without an operation,
    or an operation without a route, is an error naming it: the document lists
    exactly the routes the app has.
    """
    found = {}
    used = set()
    for route in sorted(routes, key=_document_order(routes)):
        operation = operations.get(route.endpoint)
        if operation is None:
            raise LookupError(f"{route.method} {route.template} (endpoint {route.endpoint!r}) has no OpenAPI "
                              "operation: describe it in ml_app/openapi_operations.py (or openapi_v2.py)")
        operation = dict(operation)
        path, parameters = _path(route.template, fixed)
        if parameters:
            operation["parameters"] = [{"name": name, "in": "path", "required": True, **PATH_PARAMETERS[name]}
                                       for name in parameters]
            if route.endpoint in used:  # the same view at another path: operation ids are unique
                operation["operationId"] += "".join(name.title() for name in parameters)
        if route.requires_token:
            operation["security"] = [{}, {"bearer": []}]  # optional: only when the server sets API_TOKEN
        found.setdefault(path, {})[route.method.lower()] = operation
        used.add(route.endpoint)
    unused = set(operations) - used
    if unused:
        raise LookupError(f"OpenAPI operations for no route of the app: {', '.join(sorted(unused))}")
    return found


_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _path(template: str, fixed: dict) -> tuple[str, list]:
    """An OpenAPI path for a route template, and the names of its path parameters."""
    parameters = [name for name in _PARAMETER.findall(template) if name not in fixed]
    missing = [name for name in parameters if name not in PATH_PARAMETERS]
    if missing:
        raise LookupError(f"{template}: describe the path parameter(s) {missing} in ml_app/openapi.py's "
                          "PATH_PARAMETERS")

    def written(match):
        name = match.group(1)
        return fixed[name] if name in fixed else f"{{{name}}}"

    return _PARAMETER.sub(written, template), parameters


def _document_order(routes):
    """Routes in the app's order, a view's paths without parameters before those with."""
    first = {}
    for index, route in enumerate(routes):
        first.setdefault(route.endpoint, index)
    return lambda route: (first[route.endpoint], route.template.count("<"))
