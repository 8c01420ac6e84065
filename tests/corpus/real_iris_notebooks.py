"""Run the harness over a folder of real Iris notebooks by other people, as a new user would
(tests/corpus/real_notebooks.py does the same for notebooks on other tabular data).

Each sub-folder of the folder holds one notebook and whatever files its repository had
(its data at the relative path the code reads, when the repository kept it). A new user
has the notebook's folder and the usual Iris files: the folder is copied into a fresh
directory, the standard Iris files (tests/notebooks/iris_files.py) are written beside the
notebook where the folder has no file of that name, and the notebook is converted, run and
scored on the 150 flowers exactly as a corpus notebook is (harness.run_notebook). Nothing of
the notebooks is copied into the repository: they are read where they lie.

    python tests/corpus/real_iris_notebooks.py ../shared/real-notebooks/iris # every notebook
    python tests/corpus/real_iris_notebooks.py DIR --json out.json --keep /tmp/real   # keep each run's folder
    python tests/corpus/real_iris_notebooks.py DIR changx03-iris-knn                 # some, by folder name

Every real notebook is expected to serve (>= 90% of the flowers); docs/corpus.md classifies
the ones that cannot (their own bug, which Jupyter also hits) by hand.
"""
import argparse
import json
import pathlib
import shutil
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import build_steps  # noqa: E402
import harness  # noqa: E402  (also puts tests/notebooks on the path)
import iris_files  # noqa: E402
import notebook_specs  # noqa: E402
import verdicts  # noqa: E402


def real_specs(folder, names=()) -> list:
    """One Spec per sub-folder of `folder` holding a notebook (those named, or all), expecting it to serve."""
    specs = []
    for sub in sorted(p for p in pathlib.Path(folder).iterdir() if p.is_dir()):
        notebooks = sorted(sub.glob("*.ipynb"))
        if not notebooks or (names and sub.name not in names):
            continue
        missing = [name for name in iris_files.WRITERS if not (sub / name).exists()]
        specs.append(notebook_specs.Spec(name=sub.name, path=notebooks[0], category="real", data=missing, expect="serves"))
    return specs


def run_real(spec, step, timeout, keep=None):
    """Copy the notebook's folder into a fresh one and run it there with the harness."""
    def run(folder):
        folder = pathlib.Path(folder)
        shutil.copytree(spec.path.parent, folder, dirs_exist_ok=True)
        return harness.run_notebook(spec, folder, timeout, step)
    if keep:
        folder = pathlib.Path(keep) / spec.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return run(folder)
    with tempfile.TemporaryDirectory(prefix=f"real-{spec.name}-") as folder:
        return run(folder)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="a folder of notebook folders, e.g. ../shared/real-notebooks/iris")
    parser.add_argument("names", nargs="*", help="sub-folder names (default: all)")
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=build_steps.TIMEOUT)
    parser.add_argument("--keep", help="keep each notebook's folder under this directory")
    parser.add_argument("--json", help="also write the outcomes to this JSON file")
    args = parser.parse_args(argv)
    specs = real_specs(args.folder, args.names)
    started = time.monotonic()

    def one(spec, step):
        began = time.monotonic()
        try:
            return run_real(spec, step, args.timeout, args.keep)
        except Exception as error:  # noqa: BLE001  (the runner's own failure is one notebook's row, not the end of the run)
            return verdicts.Outcome(spec, "runner", f"{type(error).__name__}: {error}", clean=False,
                                   seconds=time.monotonic() - began)

    outcomes = build_steps.run_pool(specs, one, args.jobs, on_done=lambda r: print(r.line(), flush=True))
    served = sum(r.verdict == "served" for r in outcomes.values())
    print(f"\n{len(outcomes)} notebooks in {time.monotonic() - started:.0f}s: {served} served >= 90%")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {name: {"stage": r.stage, "message": r.message, "accuracy": r.accuracy, "model": r.model,
                    "verdict": r.verdict} for name, r in sorted(outcomes.items())}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
