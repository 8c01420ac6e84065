"""A transformer fitted outside the model: `X_train = sc.fit_transform(X_train)`, then `knn.fit(X_train, …)`.

Exported alone, that model would be fed the service's raw centimetres. The transformer (a scaler,
PCA, PolynomialFeatures) is found by exact evidence: transforming raw rows the notebook holds
reproduces the model's training rows bit for bit, or, when the notebook scaled its columns in
place, its inverse gives back Iris centimetres. It is then exported with the model as one
Pipeline; without such evidence, training data that cannot be centimetres stops the build.
"""
import itertools
import math
import warnings

import numpy
from sklearn.pipeline import Pipeline

from ._common import ExportError, agreement, as_matrix, is_code, is_notebook_name, n_rows, numeric_frame, shape_of
from .data import find_held_out_names, find_training_data, training_candidates
from .features import fields_by_value


MAX_COLUMN_CHOICES = 70  # width-sized subsets of a wide DataFrame's numeric columns worth trying


def _row_key(row):
    """Exact identity of a row of numbers, for looking rows up in a dict."""
    return numpy.ascontiguousarray(row, dtype=float).tobytes()


def _fitted_transformers(namespace):
    """(name, transformer) for each fitted transformer that is not itself a model: a scaler, and
    also one that changes the width (PCA(2), PolynomialFeatures, SelectKBest)."""
    for name, value in namespace.items():
        if not is_notebook_name(name) or isinstance(value, type) or callable(getattr(value, "predict", None)):
            continue
        if callable(getattr(value, "transform", None)) and is_code(getattr(value, "n_features_in_", None)):
            yield name, value


def _raw_tables(namespace, transformer, width):
    """Tables that may hold the unscaled data: any table of that width, a Bunch's `data`, the columns
    the transformer was fitted on, and width-sized choices of a wider DataFrame's numeric columns."""
    fitted_on = getattr(transformer, "feature_names_in_", None)
    for value in namespace.values():
        if isinstance(value, dict) and getattr(value, "data", None) is not None:
            value = value.data
        shape = shape_of(value)
        if not shape or len(shape) != 2:
            continue
        if shape[1] == width:
            yield value
        numbers = numeric_frame(value)
        if numbers is None or numbers.shape[1] <= width:
            continue
        if fitted_on is not None and set(fitted_on) <= set(value.columns):
            yield value[list(fitted_on)]
        elif math.comb(numbers.shape[1], width) <= MAX_COLUMN_CHOICES:
            yield from (numbers[list(chosen)] for chosen in itertools.combinations(numbers.columns, width))


def _unscale(transformer, raw, scaled):
    """The rows of `raw` that `transformer` maps exactly onto the rows of `scaled`, in that order, in the
    form the transformer was fitted on; None unless every row is found."""
    matrix = as_matrix(raw)
    if matrix is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a DataFrame given to a transformer fitted on arrays, or back
            produced = as_matrix(transformer.transform(raw))
    except (TypeError, ValueError, AttributeError):
        return None
    positions = row_positions(produced, as_matrix(scaled))
    if positions is None:
        return None
    if getattr(transformer, "feature_names_in_", None) is not None and hasattr(raw, "iloc"):
        return raw.iloc[positions]
    return matrix[positions]


def row_positions(table, rows):
    """Where each of `rows` is in `table`, compared exactly; None unless every row is there."""
    if table is None or rows is None or table.shape[1] != rows.shape[1]:
        return None
    index = {_row_key(row): position for position, row in enumerate(table)}
    positions = [index.get(_row_key(row)) for row in rows]
    return None if None in positions else positions


def _labels_for(namespace, name):
    """The y-like table with as many rows as table `name` (y_train for X_train), or None."""
    rows = n_rows(namespace[name])
    return next((v for n, v in namespace.items() if n.lower().startswith("y") and n_rows(v) == rows), None)


def _fitted_on_scaled(model, namespace, scaled_name, raw_name):
    """When the notebook keeps both X_train and X_train_scaled, which did the model see? The one
    it fits better: a model predicts its own training labels far better in its own units."""
    if scaled_name == raw_name:
        return True
    scaled_labels, raw_labels = _labels_for(namespace, scaled_name), _labels_for(namespace, raw_name)
    if scaled_labels is None or raw_labels is None:
        return False
    return (agreement(model, namespace[scaled_name], scaled_labels)
            > agreement(model, namespace[raw_name], raw_labels))


def _transformer_of(namespace, training):
    """(name, transformer, raw table, raw rows) when a fitted transformer in the notebook maps raw
    rows it holds onto `training`; else None. A transformer that leaves the training data as it
    is (fitted on it already scaled, an identity) is not the cause."""
    for name, transformer in _fitted_transformers(namespace):
        for raw in _raw_tables(namespace, transformer, transformer.n_features_in_):
            raw_rows = _unscale(transformer, raw, training)
            if raw_rows is not None and not numpy.array_equal(as_matrix(raw_rows), training):
                return name, transformer, raw, raw_rows
    for name, transformer in _fitted_transformers(namespace):
        raw_rows = _undone(transformer, training, namespace)
        if raw_rows is not None:
            return name, transformer, None, raw_rows
    return None


def _undone(transformer, scaled, namespace, proven=False):
    """The raw rows behind `scaled` when the notebook kept the scaler but not the raw data
    (`df[cols] = scaler.fit_transform(df[cols])`): the scaler's inverse, accepted only when it
    comes out as Iris centimetres, column by column, and maps back onto `scaled` (`proven`: the
    training rows showed that already, so a small held-out split needs only the round trip)."""
    if not callable(getattr(transformer, "inverse_transform", None)) \
            or getattr(transformer, "n_features_in_", None) != scaled.shape[1]:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = numpy.round(as_matrix(transformer.inverse_transform(scaled)), 6)
            again = as_matrix(transformer.transform(raw))
    except (TypeError, ValueError, AttributeError):
        return None
    if numpy.array_equal(raw, scaled) or again is None or not numpy.allclose(again, scaled, rtol=1e-9, atol=1e-9):
        return None
    return raw if proven or fields_by_value(raw, namespace) is not None else None


def _outside_transformer(namespace, model):
    """(training table's name, transformer's name, transformer, raw table, raw training rows) when
    a transformer fitted outside the model produced the model's training data; else None."""
    candidates = training_candidates(namespace, model)
    for name in candidates:
        training = as_matrix(namespace[name])
        found = None if training is None else _transformer_of(namespace, training)
        if found is not None and _fitted_on_scaled(model, namespace, name, candidates[0]):
            return (name, *found)
    return None


def with_outside_transformer(name, model, namespace):
    """(name, model, namespace) to export: the model alone, or `transformer + model` as one Pipeline,
    with the training and held-out tables replaced by their raw rows so that feature names,
    metrics and the parity check all see what the service will send. (Without a transformer, an Iris
    model's training data must look like centimetres: run.py calls check_raw_units.)"""
    found = _outside_transformer(namespace, model)
    if found is None:
        return name, model, namespace
    training_name, scaler_name, scaler, raw, raw_train = found
    print(f"export: the model was trained on {scaler_name}'s output; exporting {scaler_name} + {name} as one pipeline")
    view = {**namespace, training_name: raw_train}
    held_out = find_held_out_names(namespace, model)
    if held_out is not None:
        view[held_out[0]] = _raw_held_out(scaler_name, scaler, raw, namespace[held_out[0]], held_out[0])
    return f"{scaler_name}+{name}", Pipeline([(scaler_name, scaler), (name, model)]), view


def _raw_held_out(scaler_name, scaler, raw, held_out, held_out_name):
    """The held-out rows in raw units: unscaled, or as they are when they already are raw rows."""
    raw_test = None if raw is None else _unscale(scaler, raw, held_out)
    if raw_test is None and raw is None and as_matrix(held_out) is not None:
        raw_test = _undone(scaler, as_matrix(held_out), namespace={}, proven=True)
    if raw_test is not None:
        return raw_test
    if raw is not None and row_positions(as_matrix(raw), as_matrix(held_out)) is not None:
        return held_out
    raise ExportError(
        f"{held_out_name} is neither raw data nor {scaler_name}'s output of it, so the held-out accuracy "
        "cannot be measured on raw rows. Scale the held-out split with the same fitted scaler "
        f"({scaler_name}.transform), or put scaler and model in one Pipeline."
    )


def check_raw_units(model, namespace):
    """Refuse a model trained on transformed data whose transformer cannot be found: the service
    sends centimetres, which are never negative, and the model would silently get the wrong units."""
    training = as_matrix(find_training_data(namespace, model))
    if training is not None and training.size and training.min() < 0:
        raise ExportError(
            "the model's training data has negative values, which centimetre measurements never have: it "
            "was transformed (scaled?) before fitting, and no fitted scaler in the notebook reproduces it "
            "from the raw data. Put the scaler and the model in one Pipeline, e.g. "
            "make_pipeline(StandardScaler(), model), and fit that on the raw measurements."
        )
    if training is not None and training.size and training.max() <= 1.0:
        raise ExportError(
            "the model's training data lies entirely between 0 and 1, which Iris centimetres never do "
            "(petal lengths reach 6.9): it was scaled (MinMaxScaler?) before fitting, and no fitted scaler "
            "in the notebook reproduces it from the raw data. Put the scaler and the model in one Pipeline, "
            "e.g. make_pipeline(MinMaxScaler(), model), and fit that on the raw measurements."
        )
