"""The service's contract in model.json format 2: task, model_name, target, inputs, encoding, examples.

Derived from the rows and labels the model was fitted on (inputs.py says how each feature is made
from raw fields); for a model whose inputs are the four Iris measurements, contract/iris.json, the
curated description of that data set, is laid over it so that the Iris service keeps its API
(sepal_length..., centimetres, the example flowers, model name "iris"). `check_raw_parity` proves
the saved model, fed raw values through the encoding as the service will feed it, predicts what
the notebook's model predicted on the notebook's held-out (else training) rows.
"""
import os
import pathlib
import re
import warnings

import numpy

import contract

from ._common import ExportError, json_safe
from .evidence import Evidence, holds_text
from .inputs import as_rows, decode, derive, encode, quantiles
from .origins import as_data_names
from .relabelled import raw_truth as relabelled_truth
from .relabelled import widen
from .scoring import CLASSIFICATION, REGRESSION

MODEL_NAME_ENV = "MODEL_NAME"


def model_name(source, iris=False):
    """The V2 model name: env MODEL_NAME (checked URL-safe), else "iris" for an Iris model, else the
    notebook's file stem made URL-safe (`Heart Disease.ipynb` -> `heart-disease`)."""
    wanted = os.environ.get(MODEL_NAME_ENV, "").strip()
    if wanted:
        if not re.fullmatch(contract.MODEL_NAME_PATTERN, wanted):
            raise ExportError(f"{MODEL_NAME_ENV}={wanted!r} is not URL-safe: use lower-case letters, digits and "
                              "inner hyphens, e.g. heart-disease.")
        return wanted
    if iris:
        return contract.IRIS_MODEL_NAME
    stem = pathlib.Path(source or "model").stem.lower()
    name = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return name or "model"


def _branches(model, width):
    """[(positions, steps)]: which feature positions each part of the model handles and the
    estimators that handle them (a ColumnTransformer's branches; else all positions, every step)."""
    from .columns import _estimators_within
    everything = list(_estimators_within(model))
    for estimator in everything:
        fitted = getattr(estimator, "transformers_", None)
        if isinstance(fitted, list) and getattr(estimator, "n_features_in_", None) == width:
            found = []
            for _, step, columns in fitted:
                positions = numpy.arange(width)[columns].tolist() if not isinstance(columns, str) else []
                positions = [positions] if isinstance(positions, int) else positions
                found.append((set(positions), list(_estimators_within(step))))
            return found
    return [(set(range(width)), everything)]


def _handles(model, width, test):
    """A function position -> whether a part of the model handling that position passes `test`."""
    branches = _branches(model, width)
    return lambda position: any(position in positions and any(test(s) for s in steps)
                                for positions, steps in branches)


def _imputes(step):
    name = type(step).__name__
    return name.endswith("Imputer") or name.startswith("HistGradientBoosting")


def _ignores_unknown(step):
    return getattr(step, "handle_unknown", None) in ("ignore", "infrequent_if_exist", "use_encoded_value")


def target_of(task, labels, classes, class_names, name):
    """model.json's `target`: the predicted column's name and classes, or its range."""
    if task == CLASSIFICATION:
        return {"name": name, "kind": "category", "classes": list(class_names)}
    values = numpy.asarray(labels, dtype=float)
    return {"name": name, "kind": "number", "min": float(values.min()), "max": float(values.max()),
            "mean": float(values.mean()), "quantiles": quantiles(values)}


def examples_of(task, rows, labels, classes, class_names, target):
    """Rows of the training data as inputs: the first of each class, else the rows nearest the
    target's quartiles."""
    labels = numpy.ravel(numpy.asarray(labels, dtype=object))
    picked = []
    if task == CLASSIFICATION:
        for cls, shown in zip(classes, class_names):
            where = [i for i, label in enumerate(labels.tolist()) if str(label) == str(cls)]
            if where:
                picked.append((str(shown), where[0]))
    else:
        values = labels.astype(float)
        for q in ("0.25", "0.5", "0.75"):
            i = int(numpy.argmin(numpy.abs(values - target["quantiles"][q])))
            picked.append((f"{target['name']} {values[i]:g}", i))
    return [{"label": label, "values": json_safe(rows[i])} for label, i in picked]


def derived_contract(model, train_rows, train_labels, features, task, classes, class_names, namespace,
                     recording, source):
    """The format 2 keys for a model of any tabular data, derived from its training rows."""
    width = len(features)
    evidence = Evidence(namespace, recording)
    encoding, inputs, decoded = derive(train_rows, features, evidence, _handles(model, width, _imputes),
                                       _handles(model, width, _ignores_unknown))
    widen(encoding, inputs, decoded, train_rows, recording)
    as_data_names(encoding, inputs, decoded, train_rows, recording)
    rows = as_rows(decoded)
    name = getattr(train_labels, "name", None)
    target = target_of(task, train_labels, classes, class_names, str(name) if name is not None else "target")
    return {
        "task": task,
        "model_name": model_name(source),
        "target": target,
        "inputs": json_safe(inputs),
        "encoding": json_safe(encoding),
        "examples": examples_of(task, rows, train_labels, classes, class_names, target),
    }


def iris_contract(features, classes, class_names, stats):
    """The format 2 keys of an Iris model: iris.json's fields, units, bounds and flowers."""
    inputs = []
    for field in contract.FIELDS:
        spec = {"name": field, "kind": "number", "label": contract.LABELS[field], "unit": contract.UNIT,
                "description": f"{contract.LABELS[field]} in {contract.UNIT_NAME}", "missing": False,
                "accept": {"exclusive_minimum": contract.MIN_CM, "maximum": contract.MAX_CM},
                "form": dict(contract.FORM[field])}
        used = [name for name in features if contract.field_of(name) == field]
        if stats and used:
            spec.update({"min": stats[used[0]]["min"], "max": stats[used[0]]["max"]})
        inputs.append(spec)
    examples = [{"label": contract.DOCUMENT["examples"][key]["label"], "values": dict(contract.EXAMPLES[key])}
                for key in contract.FORM_PRESETS]
    return {
        "task": CLASSIFICATION,
        "model_name": model_name("", iris=True),
        "target": {"name": contract.IRIS_TARGET, "kind": "category", "classes": list(class_names),
                   "description": contract.IRIS_DESCRIPTION},
        "inputs": inputs,
        "encoding": [{"input": contract.field_of(name), "as": "number"} for name in features],
        "examples": examples,
    }


def raw_truth(rows, inputs, evidence):
    """{input: raw values of `rows`} for the category inputs whose raw text a frame of the notebook
    still holds for those very rows: the data as written, not read back through the encoding, so
    that a wrong code table or dummy column fails the parity check. A frame counts only when it is
    proven to hold these rows: it has the rows' index labels, and at those labels the same values
    in every number column it shares with them (at least one). An input whose values the notebook
    merged before encoding takes its column as it was before (relabelled.py)."""
    index = getattr(rows, "index", None)
    wanted = [spec["name"] for spec in inputs if spec["kind"] == "category"]
    numbers = [spec["name"] for spec in inputs if spec["kind"] in ("number", "integer")
               and spec["name"] in getattr(rows, "columns", [])]
    truth = {}
    for frame in evidence.frames if index is not None and wanted and numbers else ():
        shared = [n for n in numbers if n in frame.columns]
        if not shared or not frame.index.is_unique or not index.isin(frame.index).all():
            continue
        at = frame.loc[index]
        try:
            same = all(numpy.allclose(at[n].to_numpy(dtype=float), rows[n].to_numpy(dtype=float), equal_nan=True)
                       for n in shared)
        except (TypeError, ValueError):
            same = False
        for name in wanted if same else ():
            if name in frame.columns and name not in truth and holds_text(frame[name]):
                truth.setdefault(name, [None if v is None or v != v else v for v in at[name].tolist()])
    truth.update(relabelled_truth(rows, inputs, evidence.recording))  # the values before the notebook merged them
    return truth


def check_raw_parity(saved, notebook_model, rows, encoding, inputs, which, task, truth=None):
    """The saved model, given the raw values of the notebook's `which` rows through the encoding (as
    the service sends them), must predict what the notebook's model predicted on those rows. The raw
    values are the notebook's own where a frame still holds them (`truth`, raw_truth), else read
    back from the rows through the encoding."""
    fields = {spec["name"]: dict(spec) for spec in inputs}
    for spec in fields.values():
        if spec["kind"] == "category":
            dropped = [v for v in spec.get("values", []) if v not in
                       [e.get("value") for e in encoding if e["input"] == spec["name"] and e["as"] == "one_hot"]]
            spec["dropped"] = dropped[0] if len(dropped) == 1 else None
    raw = as_rows({**decode(encoding, rows, fields), **(truth or {})})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = numpy.ravel(numpy.asarray(notebook_model.predict(rows)))
        try:
            fills = {spec["name"]: spec["fill"] for spec in inputs if spec.get("fill")}
            served = numpy.ravel(numpy.asarray(saved.predict(encode(encoding, raw, fills))))
        except Exception as error:  # the service could not call it: stop, never serve it
            raise ExportError(
                f"the saved model cannot predict from the raw values of the notebook's {which} rows, encoded as "
                f"the service will encode them ({type(error).__name__}: {str(error)[:160]}); the previous model is kept.") from None
    if task == REGRESSION:
        same = expected.shape == served.shape and numpy.allclose(expected.astype(float), served.astype(float),
                                                                 rtol=1e-7, atol=1e-9)
    else:
        same = expected.shape == served.shape and numpy.array_equal(expected.astype(str), served.astype(str))
    if not same:
        differ = int(numpy.sum(expected != served)) if expected.shape == served.shape else len(expected)
        raise ExportError(
            f"the saved model, fed the raw values of the notebook's {which} rows through the derived encoding, does "
            f"not reproduce the notebook's predictions ({differ} of {len(expected)} differ): the encoding of some "
            "column is not what the notebook did. Encode inside the model's pipeline (a ColumnTransformer); the "
            "previous model is kept.")
    print(f"export: the saved model, fed raw values as the service sends them, reproduces the notebook's "
          f"predictions on its {len(expected)} {which} rows")
