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
"""
import argparse
import collections
import concurrent.futures
import dataclasses
import json
import logging
import os
import pathlib
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "notebooks" / "corpus"
for _path in (ROOT, ROOT / "tests", ROOT / "tests" / "notebooks", ROOT / "tests" / "corpus"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import iris_files  # noqa: E402  (tests/notebooks: the Iris data in the formats notebooks read)
import forks  # noqa: E402  (tests/corpus/forks.py: steps forked from preloaded libraries)
import probe  # noqa: E402  (tests/corpus/probe.py: the notebook model's own answers, read after the run)
import served  # noqa: E402  (tests/corpus/served.py: fields from /openapi.json, rows posted, answers judged)
import tables  # noqa: E402  (tests/corpus/tables.py: the data sets beyond Iris)

#: A notebook that serves must be right on at least this share of the 150 flowers.
SERVE_ACCURACY = 0.9
#: Seconds each of convert and run may take (the machine is shared; a hang must end).
TIMEOUT = 240
#: Issue 11 asks every remaining failure to say which cell (and line) to change.
NAMES_A_CELL = re.compile(r"\bcell \d+")
#: The last line of a Python traceback: `ValueError: ...`, `pandas.errors.ParserError: ...`.
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


@dataclasses.dataclass
class Spec:
    """What a corpus notebook's metadata promises."""

    name: str
    path: pathlib.Path
    category: str
    data: list
    expect: str  # "serves" or "stops"
    message: str = ""  # for "stops": a fragment of the message the build must stop with
    fixed_by: str = ""  # set while today's build does not meet `expect` (an xfail reason)
    table: str = ""  # the rows to ask for (tests/corpus/tables.py); empty: the 150 Iris flowers
    label: str = ""  # the label's column in `table`
    task: str = "classification"  # or "regression"
    reference: str = ""  # an expression of the notebook model's answers indexed by the table's rows


@dataclasses.dataclass
class Outcome:
    """What happened to one notebook: served (with its accuracy) or where it stopped and why."""

    spec: Spec
    stage: str  # "served", or the stage that stopped it: "packages", "convert", "run", "load"
    message: str = ""
    accuracy: float = None
    clean: bool = True  # stopped with its own one-line message (no traceback, no timeout)
    seconds: float = 0.0
    model: str = ""  # what was served: model.json's estimator, and how many candidates it was chosen from
    judged: served.Judged = None  # a table's answers judged (served.judge); None for Iris

    @property
    def served(self) -> bool:
        return self.stage == "served"

    @property
    def silent_wrong(self) -> int:
        """Rows answered differently from the notebook's own model (Iris: flowers named wrong, if < 90%)."""
        if not self.served:
            return 0
        if self.judged is None:
            return 0 if self.accuracy >= SERVE_ACCURACY else round((1 - self.accuracy) * 150)
        return self.judged.disagree

    @property
    def verdict(self) -> str:
        """One of: served (at the notebook's own quality), served wrong (a silent wrong answer),
        refused rows (some of its own rows answered 4xx), stopped (a clean message), failed."""
        if not self.served:
            return "stopped" if self.clean else "failed"
        if self.judged is None:
            return "served" if self.accuracy >= SERVE_ACCURACY else "served wrong"
        if self.judged.disagree:
            return "served wrong"
        if self.judged.refused_needed or not self.judged.answered:
            return "refused rows"
        served = self.judged.compared_quality if self.judged.compared else self.accuracy
        if not self.judged.compared and (served is None or self.judged.own_quality is None):
            return "unjudged"  # no row compared with the notebook's model, and no quality to weigh: not served
        if served is not None and self.judged.own_quality is not None \
                and served < self.judged.own_quality - QUALITY_SLACK:
            return "served wrong"  # worse on the data's own labels than the notebook's model, rows matched or not
        return "served"

    @property
    def as_expected(self) -> bool:
        """The notebook did what its metadata says: served >= 90%, or stopped with its message."""
        if self.spec.expect == "serves":
            return self.verdict == "served"
        return not self.served and self.spec.message.lower() in self.message.lower()

    def line(self) -> str:
        result = (f"{self.verdict} {self.describe()} ({self.model})" if self.served
                  else f"{self.verdict} at {self.stage}: {self.message}")
        mark = "ok  " if self.as_expected else "MISS"
        return f"{mark} {self.spec.name:<34} {self.spec.category:<18} {result}  ({self.seconds:.0f}s)"


    def describe(self) -> str:
        """'0.973' for Iris; 'accuracy 0.96 (notebook 0.96), 0 of 333 rows differ' for a table."""
        if self.judged is None:
            return f"{self.accuracy:.3f}"
        j = self.judged
        own = "" if j.own_quality is None else f" (notebook {j.own_quality:.3f})"
        quality = (f"{j.measure} {j.quality:.3f}{own}" if j.quality is not None else
                   "no answers" if not j.answered else f"{j.answered} answers, no label in the data to score")
        parts = [quality, f"{j.disagree} of {j.compared} rows differ from the notebook's model"]
        if j.answered < j.rows:
            parts.append(f"{j.rows - j.answered} of {j.rows} rows refused ({j.refused_needed} that the notebook's "
                         f"model answered): {self.message}")
        if j.examples:
            parts.append("e.g. " + ", ".join(f"row {i}: {a!r} not {b!r}" for i, a, b in j.examples))
        if j.note:
            parts.append(j.note)
        return "; ".join(parts)


#: A table's served quality may trail the notebook's by this much when no row could be compared.
QUALITY_SLACK = 0.02


def read_spec(path) -> Spec:
    """The corpus metadata of the notebook at `path` (raises KeyError when it has none)."""
    path = pathlib.Path(path)
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["corpus"]
    return Spec(name=path.stem, path=path, category=meta["category"], data=list(meta.get("data", [])),
                expect=meta["expect"], message=meta.get("message", ""), fixed_by=meta.get("fixed_by", ""),
                table=meta.get("table", ""), label=meta.get("label", ""),
                task=meta.get("task", "classification"), reference=meta.get("reference", ""))


def corpus_specs(names=()) -> list:
    """Specs of the corpus notebooks, all of them or those named (stem or path), sorted by name."""
    if not names:
        return [read_spec(p) for p in sorted(CORPUS.glob("*.ipynb"))]
    paths = [pathlib.Path(n) if n.endswith(".ipynb") else CORPUS / f"{n}.ipynb" for n in names]
    return [read_spec(p) for p in paths]


def write_data(names, folder: pathlib.Path) -> None:
    """Put the named data files into `folder`: Iris files (iris_files), other tables (tables)."""
    for name in names:
        if name in iris_files.WRITERS:
            iris_files.WRITERS[name](folder)
        else:
            tables.write([name], folder)


def _last_words(stderr: str, stdout: str = "") -> str:
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


def iris_accuracy(model_dir):
    """(share of the 150 Iris flowers the served model names right, loaded as ml_app loads it,
    its model.json)."""
    import numpy as np
    from sklearn.datasets import load_iris

    from contract import FIELDS
    from ml_app.model import load_model

    iris = load_iris()
    assert [name.replace(" (cm)", "").replace(" ", "_") for name in iris.feature_names] == list(FIELDS)
    # ml_app's one-hot notice is for operators, not this table. A filter of this call's own is
    # added and removed (not the logger's level saved and put back: two notebooks scored at once
    # in threads restored each other's ERROR, and a later test never saw the notice).
    log = logging.getLogger("ml_app")
    quiet = _QuietOneHot()
    log.addFilter(quiet)
    try:
        model = load_model(model_dir)
    finally:
        log.removeFilter(quiet)
    try:
        probabilities = model.probabilities(iris.data)
    except ValueError as error:  # a served model whose inputs are not the four measurements (moons, digits)
        raise NotIris(f"serves a model of the fields {model.meta['feature_names']} and the classes "
                      f"{model.meta.get('class_names')}, not the species from the four measurements "
                      f"({type(error).__name__}: {str(error)[:120]})") from None
    predicted = np.asarray(model.class_names)[np.argmax(probabilities, axis=1)]
    truth = iris.target_names[iris.target]
    return float(np.mean([_species(p) == t for p, t in zip(predicted, truth)])), model.meta


class NotIris(Exception):
    """The notebook served a model the 150 flowers cannot be asked of: not an Iris model."""


class _QuietOneHot(logging.Filter):
    """Drops ml_app's notice that a model's probabilities are one-hot."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "one-hot" not in record.getMessage()


def _species(label) -> str:
    """'Iris-setosa', 'Iris Setosa', 'setosa' -> 'setosa'; anything else stays itself."""
    text = str(label).strip().lower()
    for prefix in ("iris-", "iris_", "iris "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text


def run_notebook(spec: Spec, folder, timeout=TIMEOUT, step=fresh_step) -> Outcome:
    """Convert, run and serve one notebook inside `folder` (an empty directory it may fill);
    `step` runs one Python step there (fresh_step, or a ForkedSteps)."""
    from ml_app.model import ModelError

    started = time.monotonic()
    folder = pathlib.Path(folder)
    notebook = folder / spec.path.name
    notebook.write_bytes(spec.path.read_bytes())
    write_data(spec.data, folder)
    env = {k: v for k, v in os.environ.items() if k not in ("MIN_ACCURACY", "MIN_R2", "MODEL_DIR", "MODEL_NAME")}
    env.update(MPLBACKEND="Agg", MODEL_DIR=str(folder / "model"))
    (folder / probe.REQUEST).write_text(json.dumps({"expression": spec.reference or None}))

    def outcome(stage, message="", clean=True, accuracy=None, model=""):
        return Outcome(spec, stage, message, accuracy, clean, time.monotonic() - started, model)

    stopped = convert_and_run(notebook, folder, env, timeout, step, outcome, probe.__file__ if spec.table else None)
    if stopped is not None:
        return stopped
    if spec.table:
        return table_outcome(spec, folder, outcome)
    try:
        accuracy, meta = iris_accuracy(folder / "model")
    except ModelError as error:
        return outcome("load", str(error))
    except NotIris as error:
        return outcome("served another model", str(error), clean=False)
    return outcome("served", accuracy=accuracy, model=_served_model(meta))


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
        return outcome("packages", _last_words(stderr, stdout), clean="Traceback" not in stderr)
    for stage, argv, after in (("convert", [str(ROOT / "convert.py"), pathlib.Path(notebook).name, "-o",
                                            "output_model.py"], None),
                               ("run", ["output_model.py"], then)):
        returncode, stdout, stderr = step(argv, folder, env, timeout, after)
        if returncode is None:
            return outcome(stage, f"timed out after {timeout}s", clean=False)
        if returncode != 0:
            return outcome(stage, _last_words(stderr, stdout), clean="Traceback" not in stderr)
    return None


def table_outcome(spec: Spec, folder, outcome, client=None) -> Outcome:
    """Serve the notebook's model, post every row of its table keyed by the fields /openapi.json
    names, and judge the answers against the labels and the notebook's own model."""
    from ml_app.model import ModelError

    folder = pathlib.Path(folder)
    rows = tables.load(spec.table, folder)
    try:
        client = client or served.InProcess(folder / "model")
    except (ModelError, ValueError) as error:
        return outcome("load", str(error))
    return ask_and_judge(spec, client, rows, folder, folder / "model", outcome)


def ask_and_judge(spec: Spec, client, rows, folder, model_dir, outcome, where="") -> Outcome:
    """Post `rows` keyed by the fields /openapi.json names and judge the answers against the label
    column and, row by row, the notebook's own model (probe.py's reference in `folder`)."""
    meta = json.loads((pathlib.Path(model_dir) / "model.json").read_text())
    asked = served.ask(client, rows, spec.label)
    if asked.missing_fields:
        return outcome("fields", f"the service asks for {asked.missing_fields}, which the data "
                                 f"({spec.table}) has no column for; it has {list(rows.columns)}")
    reference, decode, note = probe.aligned(folder, rows, spec.label, spec.task)
    truth = list(rows[spec.label]) if spec.label in rows and decode is not None else None  # None: a computed label
    judged = served.judge(spec.task, truth, asked.answers, reference, decode,
                          tables.label_names(spec.table) if spec.task == "classification" else None)
    judged.refused_needed = refused_needed(asked, reference, rows)
    if not judged.compared:  # no row to compare: the quality the notebook reported, held out or cross-validated
        metrics = meta.get("metrics") or {}
        measure = "r2" if spec.task == "regression" else "accuracy"
        judged.own_quality = metrics.get(measure, metrics.get(f"cv_{measure}"))
    notes = [where, note, "the fields are x0, x1, ...: the table's columns taken in order" if asked.positional else "",
             f"{asked.single_disagree} one-row answers differ from the batch's" if asked.single_disagree else ""]
    judged.note = "; ".join(n for n in notes if n)
    judged.disagree += asked.single_disagree
    result = outcome("served", asked.refused[0][1] if asked.refused else "", accuracy=judged.quality,
                     model=_served_model(meta))
    result.judged = judged
    return result


def refused_needed(asked, reference, rows) -> int:
    """Refused rows that should have been answered: rows the notebook's model answered (the rows a
    notebook dropped for their gaps may get a 400 naming the field); with no reference, rows with
    every field present."""
    if reference is not None:
        return sum(reference[position] is not None for position, _ in asked.refused)
    present = [f for f in asked.fields if f in rows]  # positional fields (x0, ...) are every column but the label
    complete = (rows[present] if present else rows).notna().all(axis=1).to_numpy()
    return sum(bool(complete[position]) for position, _ in asked.refused)


def _served_model(meta) -> str:
    """'SVC', or 'SVC of 3 candidates' when model.json lists the candidates it was chosen from."""
    candidates = meta.get("candidates")
    estimator = str(meta.get("estimator", "?"))
    if not isinstance(candidates, list):
        return estimator
    return f"{estimator} of {len(candidates)} candidate{'s' if len(candidates) != 1 else ''}"


def run_in_temp(spec: Spec, timeout=TIMEOUT, keep=None, step=fresh_step) -> Outcome:
    """run_notebook in a temporary folder (or in keep/<name>, left for inspection)."""
    if keep:
        folder = pathlib.Path(keep) / spec.name
        folder.mkdir(parents=True, exist_ok=True)
        return run_notebook(spec, folder, timeout, step)
    with tempfile.TemporaryDirectory(prefix=f"corpus-{spec.name}-") as folder:
        return run_notebook(spec, folder, timeout, step)


def run_corpus(specs, jobs=2, timeout=TIMEOUT, keep=None, on_done=None, fresh=False) -> dict:
    """Outcomes by notebook name, `jobs` notebooks at a time: each step forked from one of `jobs`
    fork servers, or with fresh=True a new `python` process per step (the reference)."""
    return run_pool(specs, lambda spec, step: run_in_temp(spec, timeout, keep, step), jobs, on_done, fresh)


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


def report(outcomes) -> str:
    """The table of causes: per category, how many served (at the notebook's own quality: >= 90% of
    the flowers for Iris; for a table every row answered, none differently from the notebook's
    model), stopped with a message, failed, refused some of their own rows, served wrong (silent
    wrong answers, and how many rows), unjudged (served, but no row could be compared with the notebook's model
    and no quality weighed: never counted as served); then every notebook that did not do what it should, with
    its message, marked when the message names no cell (markdown)."""
    by_category = collections.defaultdict(list)
    for result in outcomes.values():
        by_category[result.spec.category].append(result)
    rows = ["| category | notebooks | served at its own quality | stopped with a message | failed | refused rows "
            "| served wrong | silent wrong rows | unjudged | as expected |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    totals = collections.Counter()
    for category in sorted(by_category):
        counts = collections.Counter(r.verdict for r in by_category[category])
        counts["notebooks"] = len(by_category[category])
        counts["as expected"] = sum(r.as_expected for r in by_category[category])
        counts["silent wrong rows"] = sum(r.silent_wrong for r in by_category[category])
        totals.update(counts)
        rows.append(_row(category, counts))
    rows.append(_row("**all**", totals))
    misses = [r for r in outcomes.values() if not r.as_expected]
    lines = rows + ["", _summary(outcomes.values()), "", f"Not as expected: {len(misses)} of {len(outcomes)}."]
    for result in misses:
        wanted = "serve at its own quality" if result.spec.expect == "serves" else f"stop with '{result.spec.message}'"
        if result.served and result.judged is None:
            got = f"served {result.model}, {result.accuracy:.1%} of the flowers right"
        elif result.served:
            got = f"{result.verdict} {result.model}: {result.describe()}"
        else:
            got = f"{result.verdict} at {result.stage}: {result.message}"
        if not result.served and not NAMES_A_CELL.search(result.message):
            got += " *(names no cell)*"
        lines.append(f"- `{result.spec.name}` ({result.spec.category}; should {wanted}): {got}")
    return "\n".join(lines)


def _summary(results) -> str:
    """The issues' measure: the share served at their own quality, of those meant to serve, and the
    silent wrong answers."""
    results = list(results)
    serving = [r for r in results if r.spec.expect == "serves"]
    stopping = [r for r in results if r.spec.expect == "stops"]
    served = sum(r.verdict == "served" for r in results)
    wrong = [r for r in results if r.verdict == "served wrong"]
    return (f"Served at their own quality: {served} of {len(results)} notebooks ({served / max(1, len(results)):.0%}); "
            f"of the {len(serving)} meant to serve, {sum(r.as_expected for r in serving)} "
            f"({sum(r.as_expected for r in serving) / max(1, len(serving)):.0%}); "
            f"of the {len(stopping)} meant to stop, {sum(r.as_expected for r in stopping)} stopped with their message. "
            f"Silent wrong answers: {len(wrong)} notebooks, {sum(r.silent_wrong for r in results)} rows.")


def _row(category, counts) -> str:
    keys = ("notebooks", "served", "stopped", "failed", "refused rows", "served wrong", "silent wrong rows",
            "unjudged", "as expected")
    return "| " + " | ".join([category, *(str(counts.get(k, 0)) for k in keys)]) + " |"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="names (stems) or paths; default: the whole corpus")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="notebooks at a time (default 2)")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per convert and per run")
    parser.add_argument("--report", action="store_true", help="print the table of causes at the end")
    parser.add_argument("--keep", help="keep each notebook's folder under this directory")
    parser.add_argument("--json", help="also write the outcomes to this JSON file")
    parser.add_argument("--fresh", action="store_true",
                        help="a new python process per step instead of forks of a preloaded server (slower; the reference)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    outcomes = run_corpus(corpus_specs(args.notebooks), args.jobs, args.timeout, args.keep,
                          on_done=lambda r: print(r.line(), flush=True), fresh=args.fresh)
    print(f"\n{len(outcomes)} notebooks in {time.monotonic() - started:.0f}s with {args.jobs} jobs"
          f" ({'fresh processes' if args.fresh else 'forked steps'})")
    if args.report:
        print("\n" + report(outcomes))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {name: {"category": r.spec.category, "expect": r.spec.expect, "stage": r.stage, "message": r.message,
                    "accuracy": r.accuracy, "model": r.model, "verdict": r.verdict, "as_expected": r.as_expected,
                    "silent_wrong": r.silent_wrong, "detail": r.describe() if r.served else ""}
             for name, r in outcomes.items()}, indent=1))
    return 0 if all(r.as_expected or r.spec.fixed_by for r in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
