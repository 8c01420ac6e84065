"""Slow, idle and too many clients, shutdown and a killed worker, against a real gunicorn.

Real sockets on loopback, started as `./build.sh serve-ml` starts ml_app; the
slow-client tests run against web_app too (`node web_app/server.js`), which
faces browsers directly. Every wait and load is bounded, with generous bounds:
what is asserted is who gets which answer, never how fast.
"""
import contextlib
import errno
import json
import os
import resource
import shutil
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import procfs, wrk
from ml_support import SETOSA, VIRGINICA, Service, WebApp, free_port

BODY = json.dumps(SETOSA).encode()


def half_header(svc) -> bytes:
    return b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: appl" % svc.post_path.encode()


def half_body(svc, sent=10) -> bytes:
    """Headers announcing BODY, then its first `sent` bytes."""
    return (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % (svc.post_path.encode(), len(BODY))) + BODY[:sent]


@pytest.fixture(scope="module", autouse=True)
def enough_file_descriptors():
    """5,000 idle connections and more: this process needs that many descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 6000 if hard == resource.RLIM_INFINITY else min(hard, 6000)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < 5500:
        pytest.skip(f"the open-files hard limit ({hard}) is too low for 5,000 idle connections")
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


#: Names of the servers the slow-client tests run against, and each one's settings.
SERVERS = ("ml_app", "web_app")
SETTINGS = {"ml_app": {"deadline": "ML_REQUEST_TIMEOUT", "cap": "ML_MAX_CONNECTIONS", "seconds": 1},
            "web_app": {"deadline": "WEB_REQUEST_TIMEOUT_MS", "cap": "WEB_MAX_CONNECTIONS", "seconds": 1000}}


def make(server, model_dir, log_dir, *, deadline_s=None, cap=None, workers=2):
    """ml_app or web_app (which talks to nothing here: its /health needs no ml_app), not yet started."""
    names = SETTINGS[server]
    env = {}
    if deadline_s is not None:
        env[names["deadline"]] = str(deadline_s * names["seconds"])
    if cap is not None:
        env[names["cap"]] = str(cap)
    if server == "web_app":
        return WebApp(f"http://127.0.0.1:{free_port()}", env=env, log_dir=log_dir)
    return Service(model_dir, workers=workers, env=env, log_dir=log_dir)


@pytest.fixture
def start(project_model_dir, tmp_path):
    """start(server="ml_app", deadline_s=None, cap=None, workers=2): a server on a free port,
    stopped after the test."""
    started = []

    def start_server(server="ml_app", **settings):
        started.append(make(server, project_model_dir, tmp_path, **settings).start())
        return started[-1]

    yield start_server
    for svc in started:
        svc.stop()


def connect(svc, timeout=30.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", svc.port), timeout=timeout)


def read_all(sock) -> bytes:
    """Everything the server sends until it closes the connection (the socket's timeout bounds it)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def status_and_error(response: bytes):
    """(status, JSON error code) of a raw response the server closed after."""
    head, _, body = response.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower()
    return int(head.split()[1]), json.loads(body)["error"]["code"]


def ordinary(svc, timeout=30.0) -> int:
    """One ordinary request on a fresh connection (ml_app: a prediction); its status."""
    method, path, body = svc.ordinary
    return svc.request(method, path, body, timeout=timeout)[0]


def nothing_received_yet(sock) -> bool:
    """The connection is open and the server has sent nothing on it."""
    sock.setblocking(False)  # with a timeout set, Python would wait for data first
    try:
        sock.recv(1)
    except BlockingIOError:
        return True
    return False


@pytest.mark.parametrize("server", SERVERS)
def test_stalled_and_idle_connections_do_not_hold_up_ordinary_requests(start, server):
    service = start(server, deadline_s=120)
    stalled, idle = [], []
    try:
        for raw in (half_header(service), half_body(service)):
            for _ in range(100):
                sock = connect(service)
                sock.sendall(raw)
                stalled.append(sock)
        idle.extend(connect(service) for _ in range(5000))
        with ThreadPoolExecutor(20) as pool:
            statuses = list(pool.map(lambda _: ordinary(service), range(20)))
        assert statuses == [200] * 20
        # the stalled clients were held open, unanswered, all along (the deadline is 120 s here)
        assert all(nothing_received_yet(sock) for sock in stalled)
    finally:
        for sock in stalled + idle:
            sock.close()


def trickle(sock):
    """A header byte every 0.2 s: never idle, never done."""
    with contextlib.suppress(OSError):
        for byte in b"X-Slow: " + b"a" * 200:
            sock.send(bytes([byte]))
            time.sleep(0.2)


@pytest.fixture(scope="module", params=SERVERS)
def short_deadline(request, project_model_dir, tmp_path_factory):
    """ml_app (one worker) or web_app with a request deadline of 1.5 s."""
    with make(request.param, project_model_dir, tmp_path_factory.mktemp("short-deadline"), deadline_s=1.5,
              workers=1) as svc:
        yield svc


@pytest.mark.parametrize("kind", ["half-header", "half-body", "content-length-past-the-body", "trickling-headers"])
def test_a_stalled_request_gets_408_after_the_deadline_and_is_closed(short_deadline, kind):
    service = short_deadline
    sock = connect(service, timeout=30)
    started = time.monotonic()
    if kind == "trickling-headers":
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        threading.Thread(target=trickle, args=(sock,), daemon=True).start()
    else:
        sock.sendall({"half-header": half_header(service), "half-body": half_body(service),
                      "content-length-past-the-body": half_body(service, len(BODY) - 1)}[kind])
    with sock:
        response = read_all(sock)
    assert time.monotonic() - started >= 1.0  # not before the deadline
    assert status_and_error(response) == (408, "request_timeout")
    assert ordinary(service) == 200


@pytest.mark.parametrize("raw, status, code", [
    (b"POST /prediction HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", 400,
     "bad_request"),
    (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    (b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n", 431, "headers_too_large"),
    (b"POST /prediction HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "not_implemented"),
    (b"GET http://a:99999999/health HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"),  # a URL uvicorn cannot parse
])
def test_requests_ml_app_refuses_get_the_json_error_shape(start, raw, status, code):
    with connect(start(workers=1), timeout=30) as sock:
        sock.sendall(raw)
        assert status_and_error(read_all(sock)) == (status, code)


@pytest.mark.parametrize("server", SERVERS)
def test_past_the_connection_cap_a_new_connection_gets_503_at_once(start, server):
    service = start(server, cap=20, workers=1)
    held = [connect(service) for _ in range(20)]
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the worker has accepted all 20
            with connect(service) as extra:
                extra.settimeout(2)
                try:
                    response = read_all(extra)  # asking nothing: the answer comes unasked
                except socket.timeout:
                    continue
            break
        assert status_and_error(response) == (503, "server_busy")
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 30
    while ordinary(service) != 200 and time.monotonic() < deadline:  # the worker notices the closes
        time.sleep(0.1)
    assert ordinary(service) == 200


def attempt(svc, body: bytes, outcomes: list, stop: threading.Event):
    """New connections, one request each, until stopped; every outcome recorded:
    ("ok", status), ("refused",) or ("failed", what happened)."""
    head = (b"POST /prediction HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    while not stop.is_set():
        try:
            sock = socket.create_connection(("127.0.0.1", svc.port), timeout=30)
        except ConnectionRefusedError:
            outcomes.append(("refused",))
            time.sleep(0.05)
            continue
        except OSError as exc:
            outcomes.append(("failed", f"connect: {exc!r}"))
            continue
        try:
            with sock:
                sock.sendall(head + body)
                response = read_all(sock)
            head_part, _, payload = response.partition(b"\r\n\r\n")
            status = int(head_part.split()[1]) if head_part.startswith(b"HTTP/1.1 ") else None
            length = next((int(line.split(b":")[1]) for line in head_part.lower().split(b"\r\n")
                           if line.startswith(b"content-length:")), None)
            if status is None or length != len(payload):
                outcomes.append(("failed", f"incomplete answer: {response[:80]!r}"))
            else:
                outcomes.append(("ok", status))
        except OSError as exc:
            outcomes.append(("failed", f"{errno.errorcode.get(exc.errno, exc)}: {exc!r}"))


def test_sigterm_under_load_finishes_in_flight_requests_and_resets_no_new_connection(start):
    service = start()
    batch = json.dumps({"instances": [SETOSA, VIRGINICA] * 5000}).encode()  # in flight for a while
    outcomes, stop = [], threading.Event()
    threads = [threading.Thread(target=attempt, args=(service, body, outcomes, stop), daemon=True)
               for body in [BODY] * 4 + [batch] * 2]
    for thread in threads:
        thread.start()
    time.sleep(2)
    answered_before = sum(1 for o in outcomes if o[0] == "ok")
    service.process.send_signal(signal.SIGTERM)
    try:
        code = service.process.wait(60)
        time.sleep(0.5)  # clients connecting after the exit are refused
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    failed = [o for o in outcomes if o[0] == "failed"]
    print(f"SIGTERM under load: {answered_before} answered before it, {len(outcomes)} attempts in all, "
          f"{outcomes.count(('refused',))} refused, {len(failed)} failed")
    assert code == 0
    assert answered_before > 0 and ("refused",) in outcomes
    assert not failed, failed[:5]
    assert {o[1] for o in outcomes if o[0] == "ok"} == {200}


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk not installed (./build.sh test installs it)")
def test_kill_9_of_a_worker_under_load_fails_at_most_one_request_in_ten_thousand(start, tmp_path):
    service = start()
    body_file = tmp_path / "row.json"
    body_file.write_bytes(BODY)
    with ThreadPoolExecutor(1) as pool:
        load = pool.submit(wrk.run, f"{service.url}/prediction", body_file, 4, 30, [])
        time.sleep(5)
        victim = procfs.descendants(service.process.pid)[0]
        os.kill(victim, signal.SIGKILL)
        report = load.result(timeout=120)
    failed = report.socket_errors + report.non_2xx
    print(f"kill -9 of a worker under load: {failed} of {report.requests} requests failed")
    assert report.requests > 0
    assert failed <= report.requests / 10_000, f"{failed} of {report.requests} failed"
    assert victim not in procfs.descendants(service.process.pid)
    assert ordinary(service) == 200  # the master replaced it
