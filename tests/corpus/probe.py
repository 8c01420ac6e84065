"""What the notebook's own model answered, read in the script's process once it has run.

The harness must catch a served answer that disagrees with the notebook's model on the
notebook's own rows (a silent wrong answer). Only the process that ran the notebook holds
that model, so after the script finished (the export included; a step that failed is not
probed) this file runs with the script's globals (forks.py's `then`, or `python probe.py
SCRIPT` in a fresh process) and writes `_reference.pkl` next to it:

    {"parts": [{"source", "index", "predictions", "y"}], "error": str or None}

- `source: "expression"`: the corpus notebook's metadata names an expression
  (`reference`) that gives a pandas Series of its model's answers indexed by the rows of its
  table (what a numpy-only notebook needs: its arrays have lost the rows' index);
- `source: "fit"` / `"predict"`: from the training recorder (model_export/recorder.py): the
  model the export wrote (model.json's chosen candidate, by name, else by estimator class),
  its fit rows (answers from the fitted snapshot) and every predict on it (the answers the
  notebook got), kept when those rows came as a DataFrame whose index points into the data
  (the raw rows before any recorded transform: lineage[0]). `y` is the fit's labels, by which
  the harness checks that the index really points at the table's rows.

The probe never changes the model directory and never raises: what it cannot find it says in
`error`, and the harness then judges the quality alone.
"""
import json
import os
import pathlib
import pickle
import re
import sys

REFERENCE = "_reference.pkl"
REQUEST = "_probe.json"


def probe(namespace, folder="."):
    """Write REFERENCE into `folder` from the notebook's `namespace` (its globals after the run)."""
    folder = pathlib.Path(folder)
    request = json.loads((folder / REQUEST).read_text()) if (folder / REQUEST).exists() else {}
    try:
        if request.get("expression"):
            parts = [_from_expression(request["expression"], namespace)]
        else:
            parts = _from_recording(namespace, _model_json())
        result = {"parts": [p for p in parts if p], "error": None}
        if not result["parts"]:
            result["error"] = "no rows with an index into the data (numpy arrays, or the model not found)"
    except Exception as error:  # noqa: BLE001  (the harness reports it; a probe must not change the step's outcome)
        result = {"parts": [], "error": f"{type(error).__name__}: {error}"}
    with open(folder / REFERENCE, "wb") as out:
        pickle.dump(result, out)


def _model_json():
    path = pathlib.Path(os.environ.get("MODEL_DIR", "build/model")) / "model.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _from_expression(expression, namespace):
    import pandas as pd
    value = eval(expression, namespace)  # noqa: S307  (the corpus notebook's own metadata, written by us)
    series = value if isinstance(value, pd.Series) else pd.Series(value)
    return {"source": "expression", "index": list(series.index), "predictions": list(series.to_numpy()), "y": None}


def _from_recording(namespace, meta):
    recording = namespace.get("_RECORDING")
    if recording is None:
        return []
    fit = _exported_fit(recording, meta)
    if fit is None:
        return []
    parts = [_fit_part(recording, fit)]
    for event in recording.events:
        if event.method == "predict" and event.fitted_by == fit.seq and event.out is not None:
            parts.append(_predict_part(recording, event))
    return parts


def _exported_fit(recording, meta):
    """The recorded fit of the model the export wrote: of its class, the one whose parameters are
    model.json's `params` (a loop fits several: `t (line 87)` at depths 1..7), preferring the
    exported candidate's name, then the candidates' names (`t (line 87)`: `t`); the last such fit."""
    fits = [e for e in recording.fits() if e.method == "fit"]
    estimator = meta.get("estimator")
    classes = {estimator, str(meta.get("model_type", "")).rsplit(".", 1)[-1]}
    typed = [e for e in fits if type(e.estimator).__name__ in classes
             or type(getattr(e.estimator, "best_estimator_", None)).__name__ in classes]
    same = [e for e in typed if _same_params(e.snapshot, meta.get("params"))] or typed
    chosen = (meta.get("candidates") or [{}])[0]  # the leaderboard's first: the exported one
    names = {str(c.get("name", "")).split(" (")[0] for c in meta.get("candidates") or []
             if c.get("estimator") == estimator}
    named = [e for e in same if names & set(e.names or [])] or same
    line = re.search(r"\(line (\d+)\)", str(chosen.get("name", "")))  # `grs (line 408)`: that fit of `grs`
    at_line = [e for e in named if line and e.line == int(line.group(1))
               and str(chosen["name"]).split(" (")[0] in (e.names or [])]
    exact = [e for e in named if str(chosen.get("name", "")).split(" (")[0] in (e.names or [])]
    named = at_line or exact or named  # `rf` exported, not the `rf1` of the same class fitted after it
    return named[-1] if named else None


def _same_params(model, params):
    """The fitted object's parameters are model.json's (compared as model.json writes them: repr text).
    A search is compared by the model it kept (`grs` exported as its best_estimator_ SVC(degree=1))."""
    if not isinstance(params, dict) or model is None:
        return True
    model = getattr(model, "best_estimator_", model)
    steps = params.get("steps")
    if isinstance(steps, list) and steps and not hasattr(model, "steps"):
        # the export wrapped the model in a pipeline (a scaler fitted outside it): its last step is the fit
        return str(steps[-1][1]) == repr(model)
    try:
        mine = model.get_params(deep=False)
    except Exception:  # noqa: BLE001
        return True
    simple = {k: v for k, v in params.items() if isinstance(v, (int, float, str, bool)) or v is None}
    return all(str(mine.get(k)) == str(v) for k, v in simple.items() if k in mine)


def _raw_rows(recording, event):
    """The rows before any recorded transform (a scaler fitted outside the model), if indexed. Rows
    split from a transform's output (`x = sc.fit_transform(df)`, then train_test_split(x); or that
    output made a DataFrame again, `pd.DataFrame(x, columns=df.columns)`, whose fresh index no longer
    points into the data) are the indexed rows that transform was given, in the order of `event`'s rows."""
    chain = recording.lineage(event)
    first = chain[0] if chain else event
    value = None if first.X is None else first.X.current()
    if value is None:
        return None
    given = _split_from_transform(recording, first, value)
    if given is not None:
        return given
    return value if hasattr(value, "index") and hasattr(value, "columns") else None


def _split_from_transform(recording, event, rows):
    """The indexed rows a recorded transform made `rows` (a subset of its output, found row by row,
    compared exactly; a DataFrame's columns picked by name from the transform's, as
    `pd.DataFrame(out, columns=given.columns)` names them) from; None unless every row is found."""
    import numpy as np
    names = list(rows.columns) if hasattr(rows, "columns") else None
    try:
        rows = np.asarray(rows, dtype=float)
    except (TypeError, ValueError):
        return None
    if rows.ndim != 2:
        return None
    for made in reversed(recording.events_before(event.seq)):
        if made.method not in ("fit_transform", "transform") or made.out is None or made.X is None:
            continue
        out, given = made.out.current(), made.X.current()
        if out is None or not hasattr(given, "index") or np.ndim(out) != 2:
            continue
        out = np.asarray(out)
        picked = _picked_columns(names, given, out.shape[1], rows.shape[1])
        if picked is None or out.dtype.kind not in "biuf":
            continue
        out = np.ascontiguousarray(out[:, picked], dtype=float)
        where = {row.tobytes(): i for i, row in enumerate(out)}
        positions = [where.get(np.ascontiguousarray(row).tobytes()) for row in rows]
        if None not in positions:
            given = _raw_rows(recording, made)  # that transform's own rows may be split from another's
            return None if given is None else given.iloc[positions]
    return None


def _picked_columns(names, given, width, wanted):
    """The positions of a transform's output columns that make rows `wanted` wide: all of them when
    the widths agree, else `names` (the rows' columns) looked up in the columns the transform was given."""
    if width == wanted:
        return list(range(width))
    columns = [str(c) for c in getattr(given, "columns", [])]
    if names is None or len(columns) != width or not set(map(str, names)) <= set(columns):
        return None
    return [columns.index(str(name)) for name in names]


def _fit_part(recording, fit):
    rows = _raw_rows(recording, fit)
    features = None if fit.X is None else fit.X.current()
    values = _unindexed_values(recording, fit) if rows is None else None
    if (rows is None and values is None) or features is None or fit.snapshot is None:
        return None
    predictions = fit.snapshot.predict(features)
    labels = None if fit.y is None else fit.y.current()
    return {"source": "fit", "index": None if rows is None else list(rows.index), "values": values,
            "predictions": list(predictions), "rows": _numbers_of(rows),
            "y": None if labels is None else list(getattr(labels, "to_numpy", lambda: labels)())}


def _predict_part(recording, event):
    rows = _raw_rows(recording, event)
    answers = event.out.current()
    values = _unindexed_values(recording, event) if rows is None else None
    if (rows is None and values is None) or answers is None:
        return None
    return {"source": "predict", "index": None if rows is None else list(rows.index), "values": values,
            "predictions": list(answers), "y": None, "rows": _numbers_of(rows)}


def _numbers_of(rows):
    """The number columns of indexed rows (a DataFrame), for `aligned` to check that their index
    labels still point at the data's rows (`df = df[df.x < q].reset_index(drop=True)` relabels them)."""
    return None if rows is None else rows.select_dtypes("number").copy()


def _unindexed_values(recording, event):
    """The raw rows of a model fitted on numpy arrays (before any recorded transform), as lists of
    floats, for `aligned` to find in the data by their values; None when they are not numbers."""
    import numpy as np
    chain = recording.lineage(event)
    data = chain[0].X if chain else event.X
    value = None if data is None else data.current()
    try:
        matrix = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return matrix.tolist() if matrix.ndim == 2 else None


def aligned(folder, rows, label, task):
    """The notebook model's answers lined up with `rows` (the table the harness posts, by position):
    (answers or None per row, decode {notebook's code: the data's label}, note). The recorder's rows
    count only when their index points into `rows` and the fit's labels agree with `rows[label]`
    there (each notebook label standing for one label of the data; equal numbers for a regressor).
    A fit whose rows keep their index but whose labels do not line up with `rows[label]` trained on a
    label the notebook computed (`y = df.charges > 10000`): its answers still count, row by row, and
    decode is None (the data has no column of that label to score against). Rows found by their values
    may be another row with the same values, so there labels that do not line up mean no comparison."""
    path = pathlib.Path(folder) / REFERENCE
    if not path.exists():
        return None, {}, "the probe wrote nothing"
    with open(path, "rb") as source:
        found = pickle.load(source)
    if not found["parts"]:
        return None, {}, f"no rows of the notebook's model to compare with ({found['error']})"
    by_label = {}
    decode = {}
    computed = None
    position = {key: i for i, key in enumerate(rows.index)}
    parts = []
    for part in found["parts"]:  # numpy rows found in the data by their values (a hand-typed row is not there)
        part["by_values"] = part["index"] is None
        if part["index"] is None:
            part["index"] = _index_by_values(part.get("values"), rows, label)
        elif not _labels_point_at_rows(part, rows, label):  # re-indexed rows (reset_index): found by their values
            found_by_values = _index_by_columns(part["rows"], rows, label)
            if found_by_values is not None:
                part["index"], part["by_values"] = found_by_values, True
        if part["index"] is not None:
            parts.append(part)
    if not parts:
        return None, {}, "the notebook's rows (numpy arrays) are not rows of the data"
    for part in parts:
        if not all(key in position for key in part["index"]):
            return None, {}, f"the notebook's {part['source']} rows do not index the data's rows"
        if part["y"] is not None and label in rows:
            codes = _codes(part["y"], [rows[label].iloc[position[k]] for k in part["index"]], task)
            if codes is None and part["by_values"]:  # equal rows found for rows of other labels: not comparable
                return None, {}, f"the notebook's {part['source']} labels do not line up with the data's `{label}`"
            if codes is None:
                computed = f"the notebook's {part['source']} labels are not the data's `{label}` (computed from it?)"
            else:
                decode.update(codes)
        for key, answer in zip(part["index"], part["predictions"]):
            by_label.setdefault(key, answer)
    answers = [None] * len(rows)
    for key, answer in by_label.items():
        answers[position[key]] = answer
    sources = ", ".join(sorted({p["source"] for p in parts}))
    if computed is not None:
        return answers, None, f"{computed}; compared on the notebook's {sources} rows only"
    return answers, decode, f"compared on the notebook's {sources} rows"


def _index_by_values(values, rows, label):
    """The index of `rows` (the table) at each of `values` (a numpy-only notebook's raw rows), found
    by their numbers in the table's numeric columns but the label, in order, compared exactly; None
    unless every row is there."""
    import numpy as np
    if not values:
        return None
    table = rows.drop(columns=[label], errors="ignore").select_dtypes("number")
    if table.shape[1] != len(values[0]):
        return None
    where = {}
    for key, row in zip(table.index, table.to_numpy(dtype=float)):
        where.setdefault(np.ascontiguousarray(row).tobytes(), key)
    keys = [where.get(np.asarray(row, dtype=float).tobytes()) for row in values]
    return None if None in keys else keys


def _shared_numbers(frame, rows, label):
    return [c for c in frame.columns if c != label and c in rows.columns and rows[c].dtype.kind in "biuf"]


def _labels_point_at_rows(part, rows, label):
    """Whether the part's index labels point at the table's rows holding its values (a gap in the
    table matching any value: the notebook filled it), on >= 99% of the rows; True when it cannot tell."""
    import numpy as np
    frame = part.get("rows")
    columns = [] if frame is None else _shared_numbers(frame, rows, label)
    if not columns or not set(part["index"]) <= set(rows.index):
        return True
    have = rows.loc[part["index"], columns].to_numpy(dtype=float)
    mine = frame[columns].to_numpy(dtype=float)
    same = (np.isclose(have, mine, rtol=1e-9, equal_nan=True) | np.isnan(have)).all(axis=1)
    return bool(same.mean() >= 0.99)


def _index_by_columns(frame, rows, label):
    """The table's index at each row of `frame` found by the values of their shared number columns
    (a row the table holds twice is the first); None unless every row is found."""
    import numpy as np
    columns = _shared_numbers(frame, rows, label)
    where = {}
    for key, row in zip(rows.index, rows[columns].to_numpy(dtype=float)):
        where.setdefault(np.ascontiguousarray(row).tobytes(), key)
    keys = [where.get(np.ascontiguousarray(row).tobytes()) for row in frame[columns].to_numpy(dtype=float)]
    return None if None in keys else keys


def _codes(notebook_labels, data_labels, task):
    """{notebook label: data label} when each notebook label stands for one data label on >= 99% of
    the rows (a regressor: the same numbers); None when they do not line up."""
    import collections
    import math
    if task == "regression":
        pairs = [(float(a), float(b)) for a, b in zip(notebook_labels, data_labels)]
        close = sum(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a, b in pairs)
        return {} if close >= 0.99 * len(pairs) else None
    seen = collections.defaultdict(collections.Counter)
    for a, b in zip(notebook_labels, data_labels):
        seen[_plain(a)][_plain(b)] += 1
    agree = sum(counter.most_common(1)[0][1] for counter in seen.values())
    if agree < 0.99 * len(notebook_labels):
        return None
    return {code: counter.most_common(1)[0][0] for code, counter in seen.items()}


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def main(argv):
    """`python probe.py SCRIPT ARGS...`: run SCRIPT as `python SCRIPT ARGS` would, then probe it."""
    import runpy
    script = os.path.abspath(argv[0])
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(script)
    namespace = runpy.run_path(script, run_name="__main__")
    probe(namespace)


if __name__ == "__main__":
    main(sys.argv[1:])
