"""Asking a served notebook model and judging its answers: an Iris model for scikit-learn's 150
flowers against their species, any other for every row of its table keyed by the fields
/openapi.json names, against the label and row by row against the notebook's own model.

Apart from running the build (build_steps.py) because it starts where the build left a model:
harness.py asks a corpus notebook's model in process, real_notebooks.py a real notebook's
under gunicorn, both through ask_and_judge. The posting and the row-by-row judgement are
served.py's; the notebook model's own answers probe.py's.
"""
import json
import logging
import pathlib

import notebook_specs  # tests/corpus/notebook_specs.py: what the notebook promised
import probe  # tests/corpus/probe.py: the notebook model's own answers, read after the run
import served  # tests/corpus/served.py: fields from /openapi.json, rows posted, answers judged
import tables  # tests/corpus/tables.py: the data sets beyond Iris
import verdicts  # tests/corpus/verdicts.py: the Outcome returned


def iris_outcome(folder, outcome) -> verdicts.Outcome:
    """Ask the model in `folder`/model for the 150 flowers: served with its accuracy, or where it stopped."""
    from ml_app.model import ModelError

    try:
        accuracy, meta = iris_accuracy(pathlib.Path(folder) / "model")
    except ModelError as error:
        return outcome("load", str(error))
    except NotIris as error:
        return outcome("served another model", str(error), clean=False)
    return outcome("served", accuracy=accuracy, model=_served_model(meta))


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


def table_outcome(spec: notebook_specs.Spec, folder, outcome, client=None) -> verdicts.Outcome:
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


def ask_and_judge(spec: notebook_specs.Spec, client, rows, folder, model_dir, outcome,
                  where="") -> verdicts.Outcome:
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
