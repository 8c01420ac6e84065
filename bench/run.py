"""Benchmark ml_app against a naive Flask + gunicorn baseline (`./build.sh bench`).

Both servers run on 127.0.0.1, pinned to one core, with wrk pinned to
another; each repeat starts each server fresh, warms it up, loads it with
one connection, 16 connections and 1,000-row batches, reads its CPU time and
memory, and stops it. A third server, ml_app as it was before the event-loop
worker, is measured alike, since batches must be no slower than then. Medians
over the repeats go into a table (with ml_app's ratios to both, same run) and a
JSON file.

    python bench/run.py [--duration 5] [--repeats 3] [--quick] [--only ml_app|baseline|before] [--out FILE]
"""
import argparse
import json
import os
import pathlib
import platform
import shutil
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python bench/run.py` puts bench/ on the path, not the project

from bench import payloads, report, servers  # noqa: E402  (needs the path above)
from bench.measure import measure  # noqa: E402
from bench.wrk import WrkError  # noqa: E402

DEFAULT_OUT = ROOT / "build" / "bench" / "result.json"


def parse_args(argv: list) -> argparse.Namespace:
    """The command line; --quick trades precision for a few seconds' smoke run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk load (default 5)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per server; medians are reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="1 s loads, 1 repeat: a smoke run")
    parser.add_argument("--only", choices=sorted(servers.SPECS), help="measure one server only")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help=f"JSON result (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.repeats = 1, 1
    if args.duration < 1 or args.repeats < 1:
        parser.error("--duration and --repeats must be at least 1")
    return args


def cpu_plan() -> dict:
    """Server on one core, wrk on another; both unpinned when only one core is ours."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2 or not shutil.which("taskset"):
        return {"server": [], "wrk": [], "note": f"unpinned: {len(cpus)} usable CPU(s) or no taskset"}
    return {"server": ["taskset", "-c", str(cpus[0])], "wrk": ["taskset", "-c", str(cpus[1])],
            "note": f"servers on CPU {cpus[0]}, wrk on CPU {cpus[1]}"}


def model_dir() -> pathlib.Path:
    """The artifact both servers load; build.sh exports MODEL_DIR after ensuring it exists."""
    folder = pathlib.Path(os.environ.get("MODEL_DIR") or ROOT / "build" / "model")
    if not (folder / "model.json").is_file():
        sys.exit(f"bench: no model in {folder}: run ./build.sh build first (or ./build.sh bench, which does).")
    return folder


def run_all(names: list, args, plan: dict, model: pathlib.Path, work: pathlib.Path) -> dict:
    """Every repeat, each server in turn (interleaved, so drift on a shared machine hits both)."""
    bodies = payloads.write(work, model)
    runs = {name: [] for name in names}
    for repeat in range(1, args.repeats + 1):
        for name in names:
            spec = servers.SPECS[name]
            print(f"bench: repeat {repeat}/{args.repeats}: {name} ...", file=sys.stderr, flush=True)
            with servers.started(spec, plan["server"], model, work / f"{name}.log") as server:
                runs[name].append(measure(server, bodies, args.duration, plan["wrk"]))
    return runs


def metadata(args, plan: dict, model: pathlib.Path, names: list) -> dict:
    """What a reader of the JSON needs to judge the figures."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    # The servers run the working tree: name what differs from the commit.
    changed = subprocess.run(["git", "status", "--porcelain", "--", "ml_app", "bench"], cwd=ROOT,
                             capture_output=True, text=True)
    model_meta = json.loads((model / "model.json").read_text())
    return {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "git_commit": commit.stdout.strip() or None,
        "uncommitted_changes": [line[3:] for line in changed.stdout.splitlines()],
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "pinning": plan["note"],
        "duration_s": args.duration,
        "repeats": args.repeats,
        "model": {"dir": str(model), "estimator": model_meta.get("estimator"), "sha256": model_meta.get("sha256")},
        "servers": {name: {"description": servers.SPECS[name].description,
                           "command": [*plan["server"], *servers.SPECS[name].argv],
                           "environment": "MODEL_DIR, ML_HOST=127.0.0.1, ML_PORT={port} (a free port)"}
                    for name in names},
        "loads": "wrk -t1 --latency -s bench/post.lua; c1/c16: one-row body; batch: 1,000-row body, 4 connections",
    }


def main(argv: list) -> int:
    """Run, print the table, write the JSON; exit 1 when any request failed."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so every server is stopped
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed: apt-get install wrk (./build.sh bench does this as root).")
    names = [args.only] if args.only else ["ml_app", "baseline", "before"]
    if "before" in names:
        why = servers.export_before(args.out.parent)
        if why:
            print(f"bench: without the 'before' server ({why}); its target says n/a.", file=sys.stderr)
            names.remove("before")
    if not names:
        sys.exit("bench: nothing to measure.")
    plan, model = cpu_plan(), model_dir()
    meta = metadata(args, plan, model, names)
    try:
        runs = run_all(names, args, plan, model, args.out.parent)
    except (servers.ServerFailed, WrkError) as exc:
        sys.exit(f"bench: {exc}")
    except KeyboardInterrupt:
        sys.exit("bench: interrupted; the servers were stopped.")
    meta["load_average_at_end"] = os.getloadavg()
    summary = {name: report.medians(name_runs) for name, name_runs in runs.items()}
    verdict_list = report.verdicts(summary)
    heading = (f"ml_app vs naive baseline: {args.duration} s per load, median of {args.repeats}, {plan['note']}, "
               f"load average {meta['load_average_at_start'][0]:.1f} at start")
    print(report.table(summary, verdict_list, heading))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "median": summary, "targets": verdict_list, "runs": runs}, indent=2))
    print(f"\nbench: wrote {args.out}")
    failed = {name: sum(run[key] for run in name_runs for key in run if key.endswith(".errors"))
              for name, name_runs in runs.items()}
    if any(failed.values()):
        print(f"bench: requests failed (non-2xx or socket errors, all runs): {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
