"""ml_app/router.py: the native routes answer from the start; Flask's are built once, on first need
(that start-up imports no Flask: test_startup_imports.py)."""
import asyncio
import threading
import time

import pytest

from ml_app import create_app
from ml_app.router import Route, Router
from ml_app.worker import DrainingServer
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
        time.sleep(0.05)  # long enough for the other threads to be inside complete() too
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


def test_a_native_path_answers_405_and_options_the_same_before_and_after_the_rest_is_built(model_dir):
    def answers(client):
        wrong, options = client.get("/prediction"), client.options("/ready")
        return wrong.status_code, wrong.headers["Allow"], options.status_code, options.headers["Allow"]

    fresh = AppClient(create_app(model_dir))
    before = answers(fresh)
    assert fresh.app._router.flask is None  # answered without building Flask's routes
    built = AppClient(create_app(model_dir))
    built.app.complete_routes()
    assert built.app._router.flask is not None and answers(built) == before == (405, "OPTIONS, POST", 204, "GET, HEAD, OPTIONS")


def test_the_worker_completes_the_routes_in_a_thread_once_it_serves(monkeypatch):
    done = threading.Event()
    seen = []

    class App:
        def complete_routes(self):
            seen.append(threading.current_thread().name)
            done.set()

    async def started(server, sockets=None):
        server.started = True

    monkeypatch.setattr("uvicorn.server.Server.startup", started)
    server = DrainingServer(config=__import__("uvicorn").Config(app=App()))
    asyncio.run(server.startup())
    assert done.wait(5) and seen == ["ml_app-routes"]


def test_a_failure_building_the_routes_is_logged_and_tried_again_on_the_next_request(model_dir, monkeypatch, capfd):
    import ml_app.blueprints

    app = create_app(model_dir)
    monkeypatch.setattr(ml_app.blueprints, "flask_app", lambda parts: (_ for _ in ()).throw(RuntimeError("no Flask")))
    capfd.readouterr()
    app.complete_routes()
    assert "building the Flask routes failed" in capfd.readouterr().err and app._router.flask is None
    monkeypatch.undo()
    assert AppClient(app).get("/model").status_code == 200
