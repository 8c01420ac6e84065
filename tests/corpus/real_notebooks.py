"""Real notebooks by others on tabular data, tried as a new user would (issue 17's second measure).

    python tests/corpus/real_notebooks.py ../shared/real-notebooks/tabular             # all, one line each
    python tests/corpus/real_notebooks.py FOLDER --report --jupyter                    # + the table, and
                                                                                       #   Jupyter's verdict on failures
    python tests/corpus/real_notebooks.py FOLDER akutagawa-wine-knn --keep /tmp/real   # one, its folder kept

FOLDER holds one folder per notebook (with its data files) and SOURCES.tsv naming them
(short_name, path, task, label_column, ...). The notebooks are not in this repository and
are never edited: each notebook's folder is copied to a temporary directory, and there, from
the notebook's own folder, `convert.py NOTEBOOK -o output_model.py` (no option beyond the
required output) and `python output_model.py` (stdin closed, MPLBACKEND=Agg, MODEL_DIR in the
copy; tests/corpus/probe.py then reads what the notebook's model answered, in the same
process). Then ml_app is started as `./build.sh serve-ml` starts it (gunicorn, one worker, a
free loopback port), the fields are read from /openapi.json and rows of the notebook's data
are posted keyed by them: the data file (in its folder) whose columns hold every field, read
with pandas' defaults, or scikit-learn's bundled set whose columns do. The answers are judged
against the label column SOURCES.tsv names and row by row against the notebook's own model
(tests/corpus/served.py): a row answered differently is a silent wrong answer.

With --jupyter, every notebook that was not served at its own quality is also run as Jupyter
runs it (nbclient, its own folder, the same copy made afresh): does the notebook itself fail,
and where? That tells the notebook's own bug from ours (docs/corpus.md).
"""
import argparse
import csv
import json
import os
import pathlib
import shutil
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _path in (ROOT, ROOT / "tests", HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import build_steps  # noqa: E402
import notebook_specs  # noqa: E402
import probe  # noqa: E402
import report  # noqa: E402
import scoring  # noqa: E402
import served  # noqa: E402
import verdicts  # noqa: E402

#: Data files a notebook may read, tried as the table of its rows.
DATA_SUFFIXES = (".csv", ".data", ".txt", ".tsv")
#: scikit-learn's bundled sets, tried when no data file holds the fields (notebooks that load_wine()).
BUNDLED = ("wine", "breast_cancer", "diabetes", "digits", "iris")
#: Seconds for each cell when --jupyter runs a notebook.
CELL_TIMEOUT = 300
#: Seconds each of convert and run may take: real notebooks grid-search for minutes (a heart-disease
#: homework and a mushroom KNN took over 240 s on the shared machine).
TIMEOUT = 900


def read_sources(folder) -> list:
    """SOURCES.tsv's rows as dicts."""
    with open(pathlib.Path(folder) / "SOURCES.tsv", newline="", encoding="utf-8") as table:
        return list(csv.DictReader(table, delimiter="\t"))


def label_of(source) -> str:
    """The label column SOURCES.tsv names: its first word ('target (load_wine ...)' -> 'target')."""
    return source["label_column"].split()[0].strip("'\"")


def find_rows(fields, folder, label=None, task="classification", sources=None):
    """(name, DataFrame) of the data whose columns hold every field: a data file under `folder`
    (pandas' defaults, as a notebook's read_csv; or headerless, as `names=` reads it, when it has one
    column more than the fields: the label's, first or last), else a headerless file whose columns
    model.json's inputs say the fields are (`sources`, {field: its `source`}: a user reads which column
    of their file each field is in /openapi.json), else a bundled scikit-learn set; (None, None). Of two files
    that hold the fields, the one that also holds the label (Kaggle's train.csv, not its test.csv)."""
    import pandas as pd
    paths = sorted(p for p in pathlib.Path(folder).rglob("*") if p.suffix.lower() in DATA_SUFFIXES)
    for path in sorted(paths, key=lambda path: not (label and _has_column(path, label))):
        try:
            frame = pd.read_csv(path, sep=None, engine="python", nrows=None)
        except Exception:  # noqa: BLE001  (not a table: an image list, a README)
            continue
        frame.columns = [str(c) for c in frame.columns]
        if set(fields) <= set(frame.columns):
            return str(path.relative_to(folder)), frame
        stripped = {c.strip().lstrip("\ufeff"): c for c in frame.columns}
        if set(fields) <= set(stripped):
            return str(path.relative_to(folder)), frame.rename(columns={v: k for k, v in stripped.items()})
        if label and len(frame.columns) == len(fields) + 1 and all(_is_number(c) for c in frame.columns):
            headerless = pd.read_csv(path, sep=None, engine="python", header=None)
            first_is_label = task == "classification" and headerless.iloc[:, 0].nunique() <= 20 \
                and headerless.iloc[:, -1].nunique() > 20
            headerless.columns = [label, *fields] if first_is_label else [*fields, label]
            return f"{path.relative_to(folder)} (no header; named as the service's fields)", headerless
    found = _by_sources(fields, folder, label, task, sources or {})
    if found is not None:
        return found
    from sklearn import datasets
    for name in BUNDLED:
        frame = getattr(datasets, f"load_{name}")(as_frame=True).frame
        if set(fields) <= set(frame.columns):
            return f"sklearn:{name}", frame
    return None, None


def _has_column(path, name) -> bool:
    """The file's header names `name` (read as find_rows reads it)."""
    import pandas as pd
    try:
        header = pd.read_csv(path, sep=None, engine="python", nrows=0)
    except Exception:  # noqa: BLE001  (not a table)
        return False
    return name in {str(c).strip().lstrip("\ufeff") for c in header.columns}


def _numbers_with_markers(frame):
    """The frame with each column of numbers that holds a few gap markers (`?` in UCI files, which
    pandas reads as text) read as numbers, the markers as gaps: a user sends such a gap as null."""
    import pandas as pd
    for column in frame.columns:
        if frame[column].dtype.kind == "O":
            present = frame[column].dropna()
            numbers = pd.to_numeric(present, errors="coerce")
            if len(present) and numbers.notna().sum() >= 0.9 * len(present):
                frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _by_sources(fields, folder, label, task, sources):
    """(name, DataFrame) of the one data file every field comes from (model.json's `source`: its
    file, its column's header, its position), its columns named as the fields: a file with a header
    by the headers the sources name (a field the notebook renamed and the service could not ask for
    by the file's name), a headerless one by position, where of the other columns the label's (the
    last, or the first as in find_rows) is named `label`. None when the inputs say no such thing."""
    import pandas as pd
    if not fields or set(fields) - set(sources) or len({s.get("file") for s in sources.values()}) != 1:
        return None
    headers = {s.get("column") is None for s in sources.values()}
    path = next((p for p in sorted(pathlib.Path(folder).rglob("*")) if p.name == sources[fields[0]]["file"]), None)
    if path is None or len(headers) != 1:
        return None
    if headers == {False}:  # the file's own header names each field's column
        frame = pd.read_csv(path, sep=None, engine="python")
        frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
        named = {sources[f]["column"]: f for f in fields}
        if set(named) - set(frame.columns):
            return None
        return f"{path.relative_to(folder)} (columns as model.json's inputs name them)", \
            frame.rename(columns=named)
    frame = pd.read_csv(path, sep=None, engine="python", header=None)
    names = {sources[f]["position"]: f for f in fields}
    others = [i for i in range(frame.shape[1]) if i not in names]
    if others and label:
        first_is_label = task == "classification" and frame.iloc[:, others[0]].nunique() <= 20 \
            and frame.iloc[:, others[-1]].nunique() > 20
        names[others[0] if first_is_label else others[-1]] = label
    frame.columns = [names.get(i, f"column {i}") for i in range(frame.shape[1])]
    return f"{path.relative_to(folder)} (no header; columns as model.json's inputs place them)", \
        _numbers_with_markers(frame)


def _copy(source, target):
    """A writable copy of a notebook's folder (the shared one is read-only, and a notebook writes)."""
    shutil.copytree(source, target, dirs_exist_ok=True, copy_function=shutil.copyfile)
    for path in [target, *pathlib.Path(target).rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _notebook_in(work, source):
    """The notebook in the copy: at SOURCES.tsv's path (its repository's layout), else found by name
    (a folder that kept the notebook but not the layout)."""
    path = pathlib.Path(work) / source["path"]
    if path.exists():
        return path
    return next(pathlib.Path(work).rglob(pathlib.Path(source["path"]).name))


def _is_number(text) -> bool:
    """A header cell that is a value (`14.23`, `1.1`: pandas dedupes a repeated one as `1.1`): no header."""
    try:
        float(str(text))
        return True
    except ValueError:
        return False


def run_one(source, folder, work, step, timeout):
    """Convert, run, serve and ask one notebook inside `work` (a fresh copy of its folder)."""
    started = time.monotonic()
    _copy(pathlib.Path(folder) / source["short_name"], work)
    notebook = _notebook_in(work, source)
    spec = notebook_specs.Spec(name=source["short_name"], path=notebook, category=source["task"], data=[],
                        expect="serves", label=label_of(source), task=source["task"], table="(its data)")
    env = {k: v for k, v in os.environ.items() if k not in ("MIN_ACCURACY", "MIN_R2", "MODEL_DIR", "MODEL_NAME")}
    env.update(MPLBACKEND="Agg", MODEL_DIR=str(work / "model"))
    cwd = notebook.parent
    (cwd / probe.REQUEST).write_text(json.dumps({"expression": None}))

    def outcome(stage, message="", clean=True, accuracy=None, model=""):
        return verdicts.Outcome(spec, stage, message, accuracy, clean, time.monotonic() - started, model)

    return build_steps.convert_and_run(notebook, cwd, env, timeout, step, outcome, probe.__file__) \
        or serve_and_ask(spec, work, cwd, outcome)


def serve_and_ask(spec, work, cwd, outcome):
    """ml_app under gunicorn as `./build.sh serve-ml` starts it; fields from /openapi.json; rows posted."""
    from ml_support import Service
    service = Service(work / "model", workers=1, log_dir=work)
    try:
        service.start(timeout=90)
    except (RuntimeError, TimeoutError) as error:
        service.stop()
        return outcome("serve", build_steps.last_words(str(error)))
    try:
        client = served.Http(service.url)
        fields = served.request_fields(client.get("/openapi.json")[1])
        meta = json.loads((work / "model" / "model.json").read_text())
        sources = {i["name"]: i["source"] for i in meta.get("inputs", []) if isinstance(i.get("source"), dict)}
        table, rows = find_rows(fields, work, spec.label, spec.task, sources)
        if rows is None:
            return outcome("fields", f"no data file has the columns the service asks for: {fields}")
        spec.table = table
        return scoring.ask_and_judge(spec, client, rows, cwd, work / "model", outcome,
                                     where=f"rows of {table}")
    finally:
        service.stop()


def jupyter_verdict(source, folder, timeout=CELL_TIMEOUT) -> str:
    """Run the untouched notebook as Jupyter does (nbclient, its own folder, a fresh copy):
    'runs' or 'fails at cell N: Error: message'."""
    import nbclient
    import nbformat
    with tempfile.TemporaryDirectory(prefix=f"jupyter-{source['short_name']}-") as work:
        work = pathlib.Path(work)
        _copy(pathlib.Path(folder) / source["short_name"], work)
        path = _notebook_in(work, source)
        nb = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                         resources={"metadata": {"path": str(path.parent)}})
        os.environ.setdefault("MPLBACKEND", "Agg")
        try:
            client.execute()
        except nbclient.exceptions.CellExecutionError as error:
            number = sum(1 for cell in nb.cells[:_failed_cell(nb) + 1] if cell.cell_type == "code")
            return f"fails at cell {number}: {error.ename}: {str(error.evalue)[:160]}"
        except Exception as error:  # noqa: BLE001  (a kernel that dies or times out is Jupyter's verdict too)
            return f"fails: {type(error).__name__}: {str(error)[:160]}"
        return "runs"


def _failed_cell(nb) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index
    return len(nb.cells) - 1


def run_all(folder, names=(), jobs=2, timeout=TIMEOUT, keep=None, on_done=None):
    """Outcomes by short name, `jobs` notebooks at a time, each step forked from a preloaded server."""
    sources = [s for s in read_sources(folder) if not names or s["short_name"] in names]

    def one(source, step):
        started = time.monotonic()
        try:
            if keep:
                work = pathlib.Path(keep) / source["short_name"]
                work.mkdir(parents=True, exist_ok=True)
                return run_one(source, folder, work, step, timeout)
            with tempfile.TemporaryDirectory(prefix=f"real-{source['short_name']}-") as work:
                return run_one(source, folder, pathlib.Path(work), step, timeout)
        except Exception as error:  # noqa: BLE001  (the runner's own failure is one notebook's row, not the end of the run)
            spec = notebook_specs.Spec(name=source["short_name"], path=pathlib.Path(source["path"]), category=source["task"],
                                data=[], expect="serves")
            return verdicts.Outcome(spec, "runner", f"{type(error).__name__}: {error}", clean=False,
                                   seconds=time.monotonic() - started)

    return build_steps.run_pool(sources, one, jobs, on_done)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="the folder of notebooks, with SOURCES.tsv")
    parser.add_argument("names", nargs="*", help="short names (default: all of SOURCES.tsv)")
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per convert and per run")
    parser.add_argument("--keep", help="keep each notebook's working copy under this directory")
    parser.add_argument("--report", action="store_true", help="print the table at the end")
    parser.add_argument("--jupyter", action="store_true",
                        help="also run each notebook not served at its own quality as Jupyter does")
    parser.add_argument("--json", help="also write the outcomes to this JSON file")
    args = parser.parse_args(argv)
    started = time.monotonic()
    outcomes = run_all(args.folder, args.names, args.jobs, args.timeout, args.keep,
                       on_done=lambda r: print(r.line(), flush=True))
    print(f"\n{len(outcomes)} notebooks in {time.monotonic() - started:.0f}s")
    jupyter = {}
    if args.jupyter:
        sources = {s["short_name"]: s for s in read_sources(args.folder)}
        for name, result in outcomes.items():
            if not result.as_expected:
                jupyter[name] = jupyter_verdict(sources[name], args.folder)
                print(f"jupyter {name}: {jupyter[name]}", flush=True)
    if args.report:
        print("\n" + report.report(outcomes))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {name: {"task": r.spec.task, "stage": r.stage, "message": r.message, "verdict": r.verdict,
                    "quality": r.accuracy, "model": r.model, "silent_wrong": r.silent_wrong,
                    "detail": r.describe() if r.served else "", "jupyter": jupyter.get(name)}
             for name, r in outcomes.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
