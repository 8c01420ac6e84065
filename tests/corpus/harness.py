"""Run corpus notebooks end to end, as a new user would, and say what came out.

For one notebook of tests/notebooks/corpus/: copy it into a fresh folder with the
data files its metadata names (Iris files by tests/notebooks/iris_files.py, other
tables by tests/corpus/tables.py; no network), run `convert.py` with no flags, run
the script headless (MPLBACKEND=Agg, MODEL_DIR in that folder, bounded in time;
tests/corpus/probe.py then reads, in the same process, what the notebook's own
model answered on its rows). Then:
- an Iris notebook (no `table`): load the artifact with ml_app's own loading code
  (sha256 and scikit-learn version verified) and ask it for the 150 Iris flowers of
  scikit-learn's load_iris, scored against their true species;
- any other (`table`): serve it with ml_app, read the fields from /openapi.json, post
  every row of the notebook's own table keyed by those names (tests/corpus/served.py),
  and compare the answers with the table's labels (accuracy, or R²) and, row by row,
  with the notebook's own model: a row answered differently is a silent wrong answer.

    python tests/corpus/harness.py                  # every notebook, one line each
    python tests/corpus/harness.py --report         # ... and the table of causes (docs/corpus.md)
    python -m tests.corpus.harness legacy_np_int    # some notebooks, by name or path

Each notebook's `metadata["corpus"]` says what it is and what should happen:
`category`, `data` (file names), `expect` ("serves": >= 90% of the flowers, or for a
table every row answered and none differently from the notebook's model; "stops": the
build refuses, its message containing `message`), and `fixed_by` when today's build
does not do so yet (tests/e2e/test_corpus.py marks those xfail). A notebook on another
table adds `table` (tests/corpus/tables.py), `label` (its column there), `task`
("classification" or "regression"), and `reference` when its model saw numpy arrays
(an expression, in the notebook's namespace, of its model's answers indexed by the table's rows).

This module holds the command line and the run of one notebook, and of the corpus, each in a
folder of its own. Its parts are modules of tests/corpus/, which other runners (real_notebooks.py,
real_iris_notebooks.py, flip.py, tests/e2e/test_corpus.py) use too: notebook_specs.py (the
metadata read into a Spec), build_steps.py (packages, convert and run, fresh or forked, and the
pool of step runners), scoring.py (the served model asked and its answers judged), verdicts.py
(an Outcome and the verdict on it), report.py (the table of causes).
"""
import argparse
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
for _path in (ROOT, ROOT / "tests", ROOT / "tests" / "notebooks", ROOT / "tests" / "corpus"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import build_steps  # noqa: E402  (tests/corpus/build_steps.py: packages, convert and run, fresh or forked)
import iris_files  # noqa: E402  (tests/notebooks: the Iris data in the formats notebooks read)
import notebook_specs  # noqa: E402  (tests/corpus/notebook_specs.py: what each notebook's metadata promises)
import probe  # noqa: E402  (tests/corpus/probe.py: the notebook model's own answers, read after the run)
import report  # noqa: E402  (tests/corpus/report.py: the table of causes)
import scoring  # noqa: E402  (tests/corpus/scoring.py: the served model asked and its answers judged)
import tables  # noqa: E402  (tests/corpus/tables.py: the data sets beyond Iris)
import verdicts  # noqa: E402  (tests/corpus/verdicts.py: an Outcome and the verdict on it)


def write_data(names, folder: pathlib.Path) -> None:
    """Put the named data files into `folder`: Iris files (iris_files), other tables (tables)."""
    for name in names:
        if name in iris_files.WRITERS:
            iris_files.WRITERS[name](folder)
        else:
            tables.write([name], folder)


def run_notebook(spec: notebook_specs.Spec, folder, timeout=build_steps.TIMEOUT,
                 step=build_steps.fresh_step) -> verdicts.Outcome:
    """Convert, run and serve one notebook inside `folder` (an empty directory it may fill);
    `step` runs one Python step there (fresh_step, or a ForkedSteps)."""
    started = time.monotonic()
    folder = pathlib.Path(folder)
    notebook = folder / spec.path.name
    notebook.write_bytes(spec.path.read_bytes())
    write_data(spec.data, folder)
    env = {k: v for k, v in os.environ.items() if k not in ("MIN_ACCURACY", "MIN_R2", "MODEL_DIR", "MODEL_NAME")}
    env.update(MPLBACKEND="Agg", MODEL_DIR=str(folder / "model"))
    (folder / probe.REQUEST).write_text(json.dumps({"expression": spec.reference or None}))

    def outcome(stage, message="", clean=True, accuracy=None, model=""):
        return verdicts.Outcome(spec, stage, message, accuracy, clean, time.monotonic() - started, model)

    stopped = build_steps.convert_and_run(notebook, folder, env, timeout, step, outcome, probe.__file__ if spec.table else None)
    if stopped is not None:
        return stopped
    if spec.table:
        return scoring.table_outcome(spec, folder, outcome)
    return scoring.iris_outcome(folder, outcome)


def run_in_temp(spec: notebook_specs.Spec, timeout=build_steps.TIMEOUT, keep=None,
                step=build_steps.fresh_step) -> verdicts.Outcome:
    """run_notebook in a temporary folder (or in keep/<name>, left for inspection)."""
    if keep:
        folder = pathlib.Path(keep) / spec.name
        folder.mkdir(parents=True, exist_ok=True)
        return run_notebook(spec, folder, timeout, step)
    with tempfile.TemporaryDirectory(prefix=f"corpus-{spec.name}-") as folder:
        return run_notebook(spec, folder, timeout, step)


def run_corpus(specs, jobs=2, timeout=build_steps.TIMEOUT, keep=None, on_done=None, fresh=False) -> dict:
    """Outcomes by notebook name, `jobs` notebooks at a time: each step forked from one of `jobs`
    fork servers, or with fresh=True a new `python` process per step (the reference)."""
    return build_steps.run_pool(specs, lambda spec, step: run_in_temp(spec, timeout, keep, step), jobs, on_done, fresh)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="names (stems) or paths; default: the whole corpus")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="notebooks at a time (default 2)")
    parser.add_argument("--timeout", type=int, default=build_steps.TIMEOUT, help="seconds per convert and per run")
    parser.add_argument("--report", action="store_true", help="print the table of causes at the end")
    parser.add_argument("--keep", help="keep each notebook's folder under this directory")
    parser.add_argument("--json", help="also write the outcomes to this JSON file")
    parser.add_argument("--fresh", action="store_true",
                        help="a new python process per step instead of forks of a preloaded server (slower; the reference)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    outcomes = run_corpus(notebook_specs.corpus_specs(args.notebooks), args.jobs, args.timeout, args.keep,
                          on_done=lambda r: print(r.line(), flush=True), fresh=args.fresh)
    print(f"\n{len(outcomes)} notebooks in {time.monotonic() - started:.0f}s with {args.jobs} jobs"
          f" ({'fresh processes' if args.fresh else 'forked steps'})")
    if args.report:
        print("\n" + report.report(outcomes))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {name: {"category": r.spec.category, "expect": r.spec.expect, "stage": r.stage, "message": r.message,
                    "accuracy": r.accuracy, "model": r.model, "verdict": r.verdict, "as_expected": r.as_expected,
                    "silent_wrong": r.silent_wrong, "detail": r.describe() if r.served else ""}
             for name, r in outcomes.items()}, indent=1))
    return 0 if all(r.as_expected or r.spec.fixed_by for r in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
