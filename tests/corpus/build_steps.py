"""The build's steps in a notebook's folder, as `./build.sh build` runs them: the packages the
notebook imports, `convert.py`, then the script (and probe.py after it); each step a fresh
`python` process or forked from a preloaded server (forks.py), and a pool handing out those
step runners to notebooks run side by side.

Apart from what a corpus notebook needs around them (harness.py: its folder and data) because
real_notebooks.py and real_iris_notebooks.py run other people's notebooks through the same
steps; a step's failure comes back as the outcome of the stage that stopped, with its last words.
"""
import concurrent.futures
import pathlib
import queue
import re
import subprocess
import sys
import threading

import forks  # tests/corpus/forks.py: steps forked from preloaded libraries

ROOT = pathlib.Path(__file__).resolve().parents[2]

#: Seconds each of convert and run may take (the machine is shared; a hang must end).
TIMEOUT = 240
#: The last line of a Python traceback: `ValueError: ...`, `pandas.errors.ParserError: ...`.
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def last_words(stderr: str, stdout: str = "") -> str:
    """The line that says why a step stopped: the export's or converter's error, else the
    exception line of the traceback (`NameError: name 'StandardScaler' is not defined`),
    else the last line of stderr."""
    lines = [line.rstrip() for line in (stderr or "").splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("export: error", "convert.py: error", "convert: error")):
            return line
    exceptions = [line for line in lines if EXCEPTION_LINE.match(line)]
    if exceptions:
        return exceptions[-1]
    if lines:
        return lines[-1].strip()
    tail = [line.strip() for line in (stdout or "").splitlines() if line.strip()]
    return tail[-1] if tail else "no output"


def fresh_step(argv, folder, env, timeout, then=None):
    """Run `python *argv` in `folder` as a new process: (returncode or None on timeout, stdout, stderr);
    with `then` (probe.py), `python probe.py *argv`: the script, then the probe of its globals."""
    try:
        done = subprocess.run([sys.executable, *([str(then)] if then else []), *argv], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "", ""
    return done.returncode, done.stdout, done.stderr


class ForkedSteps:
    """The same steps forked from a server that has the libraries imported already (tests/corpus/forks.py):
    the corpus' CPU time is mostly imports, paid here once per server instead of twice per notebook."""

    def __init__(self):
        self.server = forks.ForkServer().start()

    def __call__(self, argv, folder, env, timeout, then=None):
        returncode = self.server.run(argv, folder, env, timeout, then)
        stem = pathlib.Path(argv[0]).stem
        read = lambda suffix: (pathlib.Path(folder) / f"{stem}.{suffix}").read_text(errors="replace")  # noqa: E731
        return returncode, read("stdout"), read("stderr")

    def stop(self):
        self.server.stop()


def install_packages(notebook, env, timeout):
    """`python -m conversion.packages NOTEBOOK`, as `./build.sh build` runs it before converting: the
    estimator libraries the notebook imports and the environment lacks, installed pinned. A new process
    (never a forked step: the fork server's interpreter must see what pip adds), one at a time (two
    notebooks importing xgboost must not run pip into the same environment at once):
    (returncode or None on timeout, stdout, stderr)."""
    with _PACKAGES_LOCK:
        try:
            done = subprocess.run([sys.executable, "-m", "conversion.packages", str(pathlib.Path(notebook).resolve())], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None, "", ""
    return done.returncode, done.stdout, done.stderr


_PACKAGES_LOCK = threading.Lock()


def convert_and_run(notebook, folder, env, timeout, step, outcome, then=None):
    """What `./build.sh build` does, in `folder`: the packages the notebook imports (install_packages),
    `convert.py NOTEBOOK -o output_model.py` (no option beyond the script to write: -o is required),
    then `python output_model.py` (and `then`'s probe of its globals): None when all went through,
    else the outcome of the step that stopped."""
    returncode, stdout, stderr = install_packages(notebook, env, timeout)
    if returncode is None:
        return outcome("packages", f"timed out after {timeout}s", clean=False)
    if returncode != 0:
        return outcome("packages", last_words(stderr, stdout), clean="Traceback" not in stderr)
    for stage, argv, after in (("convert", [str(ROOT / "convert.py"), pathlib.Path(notebook).name, "-o",
                                            "output_model.py"], None),
                               ("run", ["output_model.py"], then)):
        returncode, stdout, stderr = step(argv, folder, env, timeout, after)
        if returncode is None:
            return outcome(stage, f"timed out after {timeout}s", clean=False)
        if returncode != 0:
            return outcome(stage, last_words(stderr, stdout), clean="Traceback" not in stderr)
    return None


def run_pool(items, work, jobs=2, on_done=None, fresh=False) -> dict:
    """Outcomes by name of `work(item, step)` for every item, `jobs` at a time, each call with a step
    runner of its own (a ForkedSteps, or fresh_step), stopped at the end."""
    items = list(items)
    jobs = max(1, min(jobs, len(items)))
    steps = queue.Queue()
    for _ in range(jobs):
        steps.put(fresh_step if fresh else ForkedSteps())

    def one(item):
        step = steps.get()
        try:
            return work(item, step)
        finally:
            steps.put(step)

    outcomes = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for future in concurrent.futures.as_completed([pool.submit(one, item) for item in items]):
                result = future.result()
                outcomes[result.spec.name] = result
                if on_done:
                    on_done(result)
    finally:
        while not steps.empty():
            step = steps.get()
            if not fresh:
                step.stop()
    return dict(sorted(outcomes.items()))
