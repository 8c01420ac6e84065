"""GET /docs: Swagger UI, served from this server, over /openapi.json.

The Swagger UI files come from a pinned PyPI package (flask-swagger-ui's dist/,
Swagger UI 5.x, which renders OpenAPI 3.1), never from a CDN: the page works
offline and loads nothing from elsewhere. The page has no inline code, so
html_security's Content-Security-Policy allows scripts and styles from this
server only (no hashes needed). The package's own blueprint is not used: its
page has an inline script.
"""
import pathlib

import flask_swagger_ui
from flask import Blueprint, Response, send_from_directory

from . import html_security
from .errors import ApiError

bp = Blueprint("docs", __name__)

_HERE = pathlib.Path(__file__).parent
SWAGGER_DIST = pathlib.Path(flask_swagger_ui.__file__).parent / "dist"
#: The Swagger UI files the page uses; nothing else in the package is served.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})
#: The page's Content-Security-Policy (this server only, no framing) comes from
#: html_security, as for any HTML ml_app sends; Swagger UI's files get nosniff.
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


def _guarded(response: Response) -> Response:
    response.headers.update(HEADERS)
    return response


@bp.get("/docs")
def page():
    """The Swagger UI page (static HTML; init.js starts it), under html_security's policy."""
    html = (_HERE / "docs.html").read_bytes()
    return _guarded(Response(html, mimetype="text/html", headers=html_security.headers(html)))


@bp.get("/docs/init.js")
def init():
    """The script that points Swagger UI at /openapi.json."""
    return _guarded(Response((_HERE / "docs.js").read_bytes(), mimetype="text/javascript"))


@bp.get("/docs/<asset>")
def swagger_file(asset: str):
    """One of Swagger UI's own files, from the installed package."""
    if asset not in ASSETS:
        raise ApiError(404, f"There is no /docs/{asset}; Swagger UI's files here are {', '.join(sorted(ASSETS))}.")
    return _guarded(send_from_directory(SWAGGER_DIST, asset, max_age=3600))
