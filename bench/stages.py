"""Where a 1,000-row batch's time goes, in instructions: cumulative stages of PredictionCore.predict.

Wall-clock timing on a shared, loaded machine is noise; instruction counts under valgrind are
stable to a fraction of a percent. Each stage is a prefix of the request (parse, then validate,
then predict, ...), so the difference between two stages is what the later one adds:

    valgrind --tool=cachegrind --cache-sim=no python bench/stages.py STAGE N

run once with N=0 and once with N=20; (I refs difference) / 20 is one call of that prefix.
`python bench/stages.py --all` does that for every stage (it needs valgrind on PATH) and prints
the per-stage figures. The model is MODEL_DIR's (default build/model), served as gunicorn's
workers serve it: one BLAS thread, the stack frozen out of the garbage collector.
"""
import argparse
import gc
import json
import os
import pathlib
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parent.parent
STAGES = ("loads", "validate", "classify", "rows", "warnings", "predict")
THREADS = {var: "1" for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def prefixes(model_dir: pathlib.Path, kind: str) -> dict:
    """{stage: a function running the request up to and including that stage}."""
    sys.path.insert(0, str(ROOT))
    import orjson

    from bench.payloads import rows_for
    from ml_app import create_app
    from ml_app.batch_rows import as_rows
    from ml_app.schema import parse_request

    app = create_app(model_dir)
    gc.freeze()
    gc.set_threshold(10_000)  # as ml_app/asgi.py
    core = app.parts.core
    model, limit = core.state.model, core.settings.max_batch_rows
    rows = rows_for(model_dir)
    body = json.dumps({"instances": rows} if kind == "batch" else rows[0]).encode()

    def upto(last: str):
        def run():
            if last == "loads":
                return orjson.loads(body)
            values, _ = parse_request(body, limit, model.contract)
            if last == "validate":
                return values
            proba, best = core.classify(model, values)
            if last != "classify":
                as_rows(model.class_names, proba, best)
            if last == "warnings":
                model.warnings(values)
        return run

    stages = {stage: upto(stage) for stage in STAGES[:-1]}
    stages["predict"] = lambda: core.predict(body, "application/json")
    return stages


def instructions(stage: str, calls: int, model_dir: pathlib.Path, kind: str) -> int:
    """Instructions of this script running `calls` calls of `stage` under cachegrind."""
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, stage, str(calls), "--model-dir", str(model_dir), "--kind", kind],
        capture_output=True, text=True, env={**os.environ, **THREADS}, check=True)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", result.stderr).group(1).replace(",", ""))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", nargs="?", choices=STAGES)
    parser.add_argument("calls", nargs="?", type=int, default=0)
    parser.add_argument("--all", action="store_true", help="run every stage under cachegrind and print the table")
    parser.add_argument("--model-dir", type=pathlib.Path,
                        default=pathlib.Path(os.environ.get("MODEL_DIR", ROOT / "build" / "model")))
    parser.add_argument("--kind", choices=("batch", "single"), default="batch")
    args = parser.parse_args(argv)
    if args.all:
        calls, before = 20, 0.0
        with ThreadPoolExecutor(4) as pool:  # each run is its own valgrind process
            counts = {(stage, n): pool.submit(instructions, stage, n, args.model_dir, args.kind)
                      for stage in STAGES for n in (0, calls)}
        for stage in STAGES:
            per_call = (counts[stage, calls].result() - counts[stage, 0].result()) / calls
            print(f"{stage:>9}  {per_call / 1e6:7.2f} M instructions  (+{(per_call - before) / 1e6:.2f} M)")
            before = per_call
        return
    run = prefixes(args.model_dir, args.kind)[args.stage]
    for _ in range(3):  # warm: caches, compiled row builders
        run()
    for _ in range(args.calls):
        run()


if __name__ == "__main__":
    main()
