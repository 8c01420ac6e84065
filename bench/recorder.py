"""What the training recorder and the export cost a notebook (`./build.sh bench`, after the servers).

For each notebook: convert it, then time three scripts made from the one convert.py wrote, run
headless from the notebook's folder, interleaved, several times each:

- `own`: the notebook's code alone (the recorder's install line disabled, the export cut off);
- `recorded`: the same with the recorder installed, stopped where the export would start;
- `full`: the script as the build runs it, recorder and export included.

It prints the medians and the ratios `recorded/own` (the recorder's overhead; issue 18 wants it
within 10% on notebook/iris.ipynb) and `full/own` (recorder plus export; within 20% on a notebook
that fits 10,000 models in a loop). CPU time of the child process (user + system), not wall time,
so another process on the machine costs less precision.

    python bench/recorder.py [--repeats 3] [NOTEBOOK ...]
"""
import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
LOOP_NOTEBOOK = ROOT / "tests" / "notebooks" / "corpus" / "observed_ten_thousand_random_splits.ipynb"
DEFAULT_NOTEBOOKS = (ROOT / "notebook" / "iris.ipynb", LOOP_NOTEBOOK)
#: The line of the generated script that installs the recorder, and the one that stops it.
INSTALL, STOP = "_recorder.install(", "_RECORDING = _recorder.stop()"


def scripts(notebook: pathlib.Path, folder: pathlib.Path) -> dict:
    """{variant: script path} for one notebook, made from one convert.py output."""
    full = folder / "full.py"
    subprocess.run([sys.executable, str(ROOT / "convert.py"), str(notebook), "-o", str(full)],
                   check=True, stdout=subprocess.DEVNULL)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    stop = next(i for i, line in enumerate(lines) if line.startswith(STOP))
    recorded = lines[:stop + 1]
    own = [f"pass  # {line}" if line.startswith(INSTALL) else line for line in recorded]
    for name, text in (("recorded", recorded), ("own", own)):
        (folder / f"{name}.py").write_text("".join(text), encoding="utf-8")
    return {name: folder / f"{name}.py" for name in ("own", "recorded", "full")}


def cpu_seconds(script: pathlib.Path, cwd: pathlib.Path, model_dir: pathlib.Path) -> float:
    """User + system CPU seconds of one run of the script (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, str(script)], cwd=cwd, check=True, timeout=600,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "MPLBACKEND": "Agg", "MODEL_DIR": str(model_dir)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(notebook: pathlib.Path, repeats: int) -> dict:
    """Median CPU seconds of each variant, run interleaved from a copy of the notebook's folder."""
    with tempfile.TemporaryDirectory(prefix="bench-recorder-") as tmp:
        work = pathlib.Path(tmp) / "notebook"
        shutil.copytree(notebook.parent, work, ignore=shutil.ignore_patterns("*.ipynb", "__pycache__"))
        paths = scripts(notebook, pathlib.Path(tmp))
        times = {name: [] for name in paths}
        for _ in range(repeats):
            for name, path in paths.items():
                times[name].append(cpu_seconds(path, work, pathlib.Path(tmp) / "model"))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, default=list(DEFAULT_NOTEBOOKS))
    args = parser.parse_args(argv)
    print(f"{'notebook':<40} {'own s':>8} {'recorded s':>11} {'full s':>8} {'rec/own':>8} {'full/own':>9}")
    for notebook in args.notebooks:
        m = measure(notebook.resolve(), args.repeats)
        print(f"{notebook.name:<40} {m['own']:>8.2f} {m['recorded']:>11.2f} {m['full']:>8.2f} "
              f"{m['recorded'] / m['own']:>7.2f}x {m['full'] / m['own']:>8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
