"""ml_app/router.py: the native routes answer from the start; Flask's are built once, on first need
(that start-up imports no Flask: test_startup_imports.py)."""
import threading

import pytest

from ml_app import create_app
from ml_app.router import Route, Router
from ml_support import AppClient


async def _answer(scope, receive, send):
    pass


def _router(later):
    return Router((Route("GET", "/ready", "ready", _answer), Route("POST", "/prediction", "prediction", _answer)),
                  later=later)


def test_a_native_route_is_matched_without_building_the_rest():
    built = []
    router = _router(lambda: built.append(1))
    assert router.match("POST", "/prediction").endpoint == "prediction"
    assert router.match("OPTIONS", "/ready").endpoint == "options"
    assert built == []


def test_an_unknown_path_builds_the_later_routes_once_then_is_a_404(model_dir):
    client = AppClient(create_app(model_dir))
    router = client.app._router
    assert router.flask is None
    assert client.get("/nowhere").status_code == 404
    flask = router.flask
    assert flask is not None and client.get("/model").status_code == 200 and router.flask is flask


def test_the_later_routes_are_built_once_when_threads_race():
    calls, started = [], threading.Barrier(4)

    def later():
        calls.append(1)
        from flask import Flask
        return Flask("x"), {}

    router = _router(later)

    def complete():
        started.wait()
        router.complete()

    threads = [threading.Thread(target=complete) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]


def test_a_path_both_native_and_flask_is_refused():
    def later():
        from flask import Flask
        app = Flask("x")
        app.add_url_rule("/ready", "ready", lambda: "", methods=["POST"])
        return app, {}

    with pytest.raises(ValueError, match="either a native route or Flask's"):
        _router(later).complete()
