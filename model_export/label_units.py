"""Held-out labels in the units the model was fitted in.

A regression notebook often fits on a transformed target (`y = np.log(df['price'])`) and then,
to read its error in prices, re-binds its held-out labels (`y_test = np.exp(y_test)`). Scored on
those labels, the model's predictions (logarithms) and the trivial model's (the mean logarithm)
are both millions off: two identical, meaningless R² figures, and a gate that judges nothing the
notebook measured. Labels of one target split at random share their units: a held-out set whose
values lie wholly outside the training labels' range, with a spread ten times larger or smaller,
is in other units, and the build stops saying so rather than gate or serve on it.
"""
import ast

import numpy

from ._common import ExportError
from .data import HELD_OUT_PAIRS
from .recorder import current
from .source import notebook_nodes

#: How many times larger (or smaller) the held-out labels' spread must be, besides lying outside the
#: training range, to be another unit: a random split of one target gives about the same spread.
SPREAD_RATIO = 10.0
MIN_ROWS = 5  # fewer labels than this tell nothing about their spread


def _numbers(labels):
    try:
        values = numpy.asarray(labels, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    values = values[numpy.isfinite(values)]
    return values if values.size >= MIN_ROWS else None


def in_other_units(train_labels, held_out_labels):
    """Whether the held-out labels cannot be in the training labels' units (see the module's docstring)."""
    train, held_out = _numbers(train_labels), _numbers(held_out_labels)
    if train is None or held_out is None:
        return False
    apart = held_out.min() > train.max() or held_out.max() < train.min()
    spreads = train.std(), held_out.std()
    if min(spreads) <= 0:
        return apart and max(spreads) > 0
    ratio = spreads[1] / spreads[0]
    return apart and not 1 / SPREAD_RATIO <= ratio <= SPREAD_RATIO


def _rebinding(script):
    """`y_test = np.exp(y_test)`: a statement of the notebook that re-binds a held-out label name from
    itself, as text with its script line; None when there is none."""
    names = {pair[1] for pair in HELD_OUT_PAIRS}
    for node in notebook_nodes(script):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in names \
                and any(isinstance(n, ast.Name) and n.id == node.targets[0].id for n in ast.walk(node.value)):
            return ast.unparse(node), node.lineno
    return None


def check_label_units(train_labels, held_out_labels, namespace):
    """Stop when the held-out labels are in other units than the training labels (a regression),
    naming the statement that re-bound them and its cell when the notebook has one."""
    if not in_other_units(train_labels, held_out_labels):
        return
    recording = current()
    script = getattr(recording, "script", None) or namespace.get("__file__")
    where = recording.where if recording is not None else None
    train, held_out = _numbers(train_labels), _numbers(held_out_labels)
    found = _rebinding(script)
    because = ""
    if found is not None:
        text, line = found
        because = f" (`{text[:60]}` in {where(line) if where else f'line {line} of the script'} re-binds them)"
    raise ExportError(
        f"the held-out labels are not in the units the model was fitted in: the training labels span "
        f"{train.min():.4g} to {train.max():.4g}, the held-out ones {held_out.min():.4g} to {held_out.max():.4g}"
        f"{because}. The model's predictions are in the training labels' units, and the service would answer "
        "in them too. Fit the model on the target in the units its users want, or keep the transformation in "
        "the model (TransformedTargetRegressor(regressor, func=np.log, inverse_func=np.exp)).")
