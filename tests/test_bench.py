"""The benchmark harness's own parts: reading wrk's report, and /proc accounting.

The wrk samples are real reports captured from Debian's wrk 4.1.0 with
bench/post.lua: a clean run against ml_app, a run answered 400 throughout,
and a run against a peer that dropped every other connection.
"""
import json
import os
import subprocess
import sys
import time

import pytest

from bench import procfs, report, wrk

CLEAN_RUN = """\
Running 1s test @ http://127.0.0.1:34005/prediction
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.89ms  685.90us   8.47ms   95.21%
    Req/Sec     1.25k    95.26     1.41k    63.64%
  Latency Distribution
     50%  774.00us
     75%  837.00us
     90%    0.96ms
     99%    4.64ms
  1371 requests in 1.10s, 510.11KB read
Requests/sec:   1246.73
Transfer/sec:    463.87KB
"""

ALL_400_RUN = """\
Running 1s test @ http://127.0.0.1:18931/prediction
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.41ms    3.66ms  31.84ms   74.29%
    Req/Sec   381.00     60.90   515.00     80.00%
  Latency Distribution
     50%    9.89ms
     75%   12.56ms
     90%   14.64ms
     99%   25.40ms
  380 requests in 1.00s, 99.08KB read
  Non-2xx or 3xx responses: 380
Requests/sec:    378.99
Transfer/sec:     98.82KB
"""

SOCKET_ERRORS_RUN = """\
Running 1s test @ http://127.0.0.1:18944/prediction
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   116.82us   48.69us   1.85ms   92.42%
    Req/Sec     3.36k   414.96     3.89k    45.45%
  Latency Distribution
     50%  110.00us
     75%  127.00us
     90%  157.00us
     99%  256.00us
  3677 requests in 1.10s, 143.63KB read
  Socket errors: connect 0, read 7355, write 0, timeout 0
Requests/sec:   3341.99
Transfer/sec:    130.55KB
"""


def test_wrk_report_figures_are_read_with_their_units():
    figures = wrk.parse(CLEAN_RUN)
    assert (figures.requests, figures.seconds, figures.requests_per_s) == (1371, 1.1, 1246.73)
    assert figures.p50_ms == pytest.approx(0.774)  # printed as 774.00us
    assert figures.p99_ms == pytest.approx(4.64)  # printed as 4.64ms
    assert figures.clean


def test_wrk_report_with_error_statuses_is_not_clean():
    figures = wrk.parse(ALL_400_RUN)
    assert (figures.non_2xx, figures.socket_errors) == (380, 0)
    assert not figures.clean


def test_wrk_report_with_socket_errors_is_not_clean():
    figures = wrk.parse(SOCKET_ERRORS_RUN)
    assert (figures.non_2xx, figures.socket_errors) == (0, 7355)
    assert figures.p99_ms == pytest.approx(0.256)
    assert not figures.clean


@pytest.fixture
def process_tree():
    """A real parent with one child that works for a CPU-second (not a wall-clock second, which
    a loaded machine may give it a small share of), then idles: the shape of a gunicorn master
    and its worker."""
    work_then_idle = "import time\\nend = time.process_time() + 1\\nwhile time.process_time() < end: pass\\ntime.sleep(60)"
    code = f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', '{work_then_idle}']); time.sleep(90)"
    parent = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        yield parent
    finally:
        os.killpg(parent.pid, 9)
        parent.wait()


def test_procfs_finds_the_children_of_a_process_tree(process_tree):
    deadline = time.monotonic() + 10
    while not procfs.descendants(process_tree.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    (child,) = procfs.descendants(process_tree.pid)
    assert procfs.rss_bytes(child) > 1024 * 1024  # a Python interpreter is megabytes


def _tree_cpu_seconds(root) -> float:
    """CPU time of a process and everything below it."""
    return procfs.cpu_seconds([root.pid, *procfs.descendants(root.pid)])


def test_procfs_cpu_time_grows_while_the_tree_works(process_tree):
    # A bound, not a timing: on a machine shared by many processes the busy child may get a
    # small share of a core, so it is given a minute to burn half a CPU-second.
    deadline = time.monotonic() + 60
    while _tree_cpu_seconds(process_tree) < 0.5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _tree_cpu_seconds(process_tree) >= 0.5


def test_procfs_reports_nothing_for_a_process_that_is_gone():
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(gone.stdout)
    assert procfs.rss_bytes(pid) == 0
    assert procfs.cpu_seconds([pid]) == 0


def test_medians_are_taken_key_by_key_over_repeats():
    runs = [{"c1.p99_ms": 3.0, "workers": 2}, {"c1.p99_ms": 1.0, "workers": 2}, {"c1.p99_ms": 2.0, "workers": 2}]
    assert report.medians(runs) == {"c1.p99_ms": 2.0, "workers": 2}


def test_targets_compare_ml_app_with_the_baseline_of_the_same_run():
    baseline = {"c16.requests_per_s": 1000, "c1.requests_per_s": 1000, "c16.p99_ms": 30.0}
    before = {"batch.rows_per_s": 600_000, "startup_s": 1.5}
    ml_app = {"c16.requests_per_s": 10_000, "c1.requests_per_s": 4999, "c16.p99_ms": 1.5,
              "batch.rows_per_s": 999_999, "startup_s": 0.51}
    summary = {"ml_app": ml_app, "baseline": baseline, "before": before}
    verdicts = {v["target"]: v["status"] for v in report.verdicts(summary)}
    assert verdicts == {
        "req/s at 16 connections >= 10x baseline": "PASS",
        "req/s at 1 connection >= 5x baseline": "MISS",
        "p99 at 16 connections <= 1.5 ms": "PASS",
        "batch rows/s >= 1,000,000": "MISS",
        "ready <= 0.5 s after spawn": "MISS",
    }
    ml_app.update({"batch.rows_per_s": 1_000_000, "startup_s": 0.5})
    passed = {v["target"]: v["status"] for v in report.verdicts(summary)}
    assert passed["batch rows/s >= 1,000,000"] == "PASS"
    assert passed["ready <= 0.5 s after spawn"] == "PASS"
    table = report.table(summary, report.verdicts(summary), "heading")
    assert "/baseline" in table and "/before" in table


def test_start_up_and_batch_are_shown_against_both_servers_of_the_run():
    summary = {"ml_app": {"startup_s": 0.5, "batch.rows_per_s": 1_000_000},
               "baseline": {"startup_s": 2.0, "batch.rows_per_s": 100_000},
               "before": {"startup_s": 1.0, "batch.rows_per_s": 500_000}}
    lines = report.table(summary, report.verdicts(summary), "heading").splitlines()
    startup = next(line for line in lines if line.startswith("spawn to first 200 on /ready"))
    batch = next(line for line in lines if line.startswith("batch rows/s"))
    assert startup.split()[-4:-1] == ["1.00", "0.25x", "0.50x"]
    assert batch.split()[-4:-1] == ["500,000", "10.00x", "2.00x"]


def test_relative_targets_are_not_judged_without_a_baseline():
    verdicts = report.verdicts({"ml_app": {"c16.requests_per_s": 2500, "startup_s": 0.4}})
    statuses = {v["target"]: v["status"] for v in verdicts}
    assert statuses["req/s at 16 connections >= 10x baseline"] == "n/a"
    assert statuses["ready <= 0.5 s after spawn"] == "PASS"


def test_recorder_bench_times_the_notebook_alone_with_the_recorder_and_whole(tmp_path):
    from bench import recorder
    paths = recorder.scripts(recorder.ROOT / "notebook" / "iris.ipynb", tmp_path)
    texts = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    installs = {name: [line for line in text.splitlines() if line.startswith(recorder.INSTALL)]
                for name, text in texts.items()}
    assert installs["own"] == [] and len(installs["recorded"]) == len(installs["full"]) == 1
    assert "_run_export(" in texts["full"]
    assert "_run_export(" not in texts["recorded"] and "_run_export(" not in texts["own"]


def test_the_before_server_gets_todays_iris_model_as_format_1(tmp_path):
    from bench import servers
    import contract
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "model.joblib").write_bytes(b"not really a model")
    meta = {"format_version": 2, "model_file": "model.joblib", "sha256": contract.sha256_of(model_dir / "model.joblib"),
            "feature_names": ["a"], "classes": [0], "class_names": ["x"], "sklearn_version": "1",
            "task": "classification", "inputs": [], "encoding": [], "examples": []}
    (model_dir / "model.json").write_text(json.dumps(meta))
    old = servers.as_format_1(model_dir, tmp_path / "before")
    written = json.loads((old / "model.json").read_text())
    assert written["format_version"] == 1 and set(written) <= set(servers.FORMAT_1_KEYS)
    assert contract.sha256_of(old / "model.joblib") == written["sha256"] == meta["sha256"]


def test_start_up_phases_are_read_from_the_servers_json_log_lines(tmp_path):
    """Where start-up goes: each milestone's first log line, in seconds from spawn; plain-text lines
    (the baseline's gunicorn) and lines without a timestamp are skipped."""
    from bench.servers import RunningServer

    log = tmp_path / "server.log"
    log.write_text("\n".join([
        "[2026-01-01 00:00:00] [1] [INFO] Starting gunicorn 27.0.1",
        '{"ts": 100.30, "level": "info", "msg": "Starting gunicorn 27.0.1"}',
        '{"level": "info", "msg": "Listening at: http://127.0.0.1:1 (1)"}',
        '{"ts": 100.45, "level": "info", "msg": "Listening at: http://127.0.0.1:1 (1)"}',
        '{"ts": 100.46, "level": "info", "msg": "Booting worker with pid: 2"}',
        '{"ts": 100.50, "level": "info", "msg": "Booting worker with pid: 3"}',
        '{"ts": 100.49, "level": "info", "msg": "Started server process [2]"}',
    ]))
    server = RunningServer.__new__(RunningServer)  # only the log and the spawn time are read
    server.log_path, server.spawned_wall = log, 100.0
    assert {key: round(value, 2) for key, value in server.startup_phases().items()} == {
        "startup.config_s": 0.30, "startup.listening_s": 0.45, "startup.forked_s": 0.46, "startup.serving_s": 0.49}
