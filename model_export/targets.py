"""The notebook's main target: candidates compete only with others trained to predict the same thing.

A notebook may train models for different targets: a textbook first fits a one-feature "is it
virginica?" detector, then the 3-species model; another fits a regressor on the species' codes
beside its classifiers. Scores of different targets do not compare (the detector's 0.96 is not
the 3-class model's 0.96), so candidates are grouped by target: the task and, for a classifier,
its set of classes. The main target is the group that
  1. is not a coarsening of another group's labels (the detector's 0/1 is a function of the
     species of the same rows: it is a question about the species, not the target), nor an
     input column of another group's models (a regression of petal width on petal length
     beside the species classifier fed both: a side study of the inputs);
  2. has the most candidates (the notebook's comparison);
  3. has the last fitted candidate (the notebook's final word).
`--model-var` picks its candidate's group. The others are set aside and said so.
"""
import numpy

from .scoring import CLASSIFICATION


def target_key(candidate):
    """What a candidate predicts: ("classification", its classes) or ("regression",)."""
    if candidate.task == CLASSIFICATION:
        classes = getattr(candidate.notebook_model, "classes_", [])
        return CLASSIFICATION, tuple(sorted(str(c) for c in numpy.ravel(numpy.asarray(classes))))
    return (candidate.task,)


def _labels(candidate):
    labels = candidate.labels
    if labels is None:
        return None
    values = numpy.asarray(labels, dtype=object)
    return values.ravel() if values.ndim == 2 and values.shape[1] == 1 else (values if values.ndim == 1 else None)


def coarsens(coarse, fine):
    """True when the labels of candidate `coarse` are a function of those of `fine` on the same
    rows, with fewer classes: `(y == 2).astype(int)` beside `y`."""
    a, b = _labels(coarse), _labels(fine)
    if a is None or b is None or len(a) != len(b) or not len(a):
        return False
    mapping = {}
    for fine_label, coarse_label in zip(b.tolist(), a.tolist()):
        if mapping.setdefault(fine_label, coarse_label) != coarse_label:
            return False
    return len(set(a.tolist())) < len(set(b.tolist()))


def predicts_an_input(candidate, other):
    """True when `candidate`'s labels are one of the columns `other` was fitted on: by name (a
    Series named as a column of the other's rows), else by equal values over the same rows."""
    columns = getattr(other.raw_rows, "columns", None)
    name = getattr(candidate.labels, "name", None)
    if columns is not None and name is not None and name in list(columns):
        return True
    labels = _labels(candidate)
    try:
        rows = numpy.asarray(other.raw_rows, dtype=float)
        values = numpy.asarray(labels, dtype=float)
    except (TypeError, ValueError):
        return False
    if labels is None or rows.ndim != 2 or len(rows) != len(values):
        return False
    return any(numpy.array_equal(column, values) for column in rows.T)


def main_target(found, model_var=None):
    """(the candidates of the main target, lines saying which were set aside and why)."""
    groups = {}
    for candidate in found:
        groups.setdefault(target_key(candidate), []).append(candidate)
    if len(groups) == 1:
        return found, []
    named = [c for c in found if model_var and (model_var in c.at_end or model_var in c.names)]
    if named:
        key = target_key(named[-1])
    else:
        derived = {k for k, group in groups.items() if any(
            (k[0] == o[0] == CLASSIFICATION and coarsens(c, other)) or predicts_an_input(c, other)
            for c in group for o, others in groups.items() if o != k for other in others)}
        main = [k for k in groups if k not in derived] or list(groups)
        key = max(main, key=lambda k: (len(groups[k]), max(c.event.seq for c in groups[k])))
    lines = []
    for other, group in groups.items():
        if other != key:
            names = ", ".join(f"`{c.name}`" for c in group)
            lines.append(f"set aside {names}: trained for another target ({_said(other)}) than the notebook's "
                         f"main one ({_said(key)}); models of different targets do not compete")
    return groups[key], lines


def _said(key):
    if key[0] == CLASSIFICATION:
        shown = ", ".join(key[1][:6]) + (", ..." if len(key[1]) > 6 else "")
        return f"classes {shown}"
    return "a number"
