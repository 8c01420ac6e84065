"""Making the model take and give plain arrays, as the service sends and reads them.

A ColumnTransformer fitted on a DataFrame picks its columns by name, and fails on the numpy rows
the service sends. Its copy in the artifact picks the same columns by position
(feature_names_in_ says where each name is); given a DataFrame it still selects by name, so it
predicts exactly as the notebook's. Likewise a step set to output DataFrames is copied to output
arrays. check_parity proves each copy predicts as the notebook's model.
"""
import copy

import numpy


def _estimators_within(model, seen=None):
    """The model and every estimator inside it, fitted ones included (Pipeline steps,
    a VotingClassifier's estimators_, a ColumnTransformer's transformers_), each once."""
    seen = set() if seen is None else seen
    if id(model) in seen:
        return
    seen.add(id(model))
    if callable(getattr(model, "get_params", None)) and not isinstance(model, type):
        yield model
        values = list(vars(model).values())
    elif isinstance(model, (list, tuple)):
        values = list(model)
    elif isinstance(model, dict):
        values = list(model.values())
    else:
        return
    for value in values:
        yield from _estimators_within(value, seen)


def _column_positions(selection, names):
    """A column selection by name (a name, a list of names) as positions in `names`; other
    selections (positions, masks, slices) as they are."""
    if isinstance(selection, str):
        return names.index(selection) if selection in names else selection
    if isinstance(selection, (list, tuple, numpy.ndarray)) and len(selection) \
            and all(isinstance(c, str) for c in selection) and all(c in names for c in selection):
        return [names.index(c) for c in selection]
    return selection


def _selects_by_name(transformer):
    """A fitted ColumnTransformer whose columns are chosen by name."""
    fitted = getattr(transformer, "transformers_", None)
    if getattr(transformer, "feature_names_in_", None) is None or not isinstance(fitted, list):
        return False
    names = [str(n) for n in transformer.feature_names_in_]
    return any(_column_positions(columns, names) is not columns for _, _, columns in fitted)


def positional_columns(model):
    """The model itself, or a copy whose ColumnTransformers select columns by position, so that it
    takes the service's numpy rows (check_parity proves it predicts as the notebook's model)."""
    if not any(_selects_by_name(e) for e in _estimators_within(model)):
        return model
    model = copy.deepcopy(model)
    for transformer in _estimators_within(model):
        if _selects_by_name(transformer):
            names = [str(n) for n in transformer.feature_names_in_]
            transformer.transformers_ = [(name, step, _column_positions(columns, names))
                                         for name, step, columns in transformer.transformers_]
    return model


def _pandas_output(estimator):
    """True for a step set to output DataFrames (`.set_output(transform="pandas")`). scikit-learn has
    no public getter for this setting: it is read where set_output keeps it (a change there fails
    tests/test_upstream.py, which fingerprints set_output)."""
    config = getattr(estimator, "_sklearn_output_config", None)
    return isinstance(config, dict) and config.get("transform") not in (None, "default")


def default_output(model):
    """The model itself, or a copy whose steps output plain arrays: a step set to output pandas
    (or polars) DataFrames needs that library at prediction time, and the serving image has
    neither. check_parity proves the copy predicts as the notebook's model."""
    if not any(_pandas_output(e) for e in _estimators_within(model)):
        return model
    model = copy.deepcopy(model)
    for estimator in _estimators_within(model):
        if _pandas_output(estimator):
            estimator.set_output(transform="default")
    return model
