"""Feature names and their order: what model.json's feature_names say, each one a field the service feeds.

ml_app maps each feature name onto one of its four request fields by the contract's field_key
(contract/iris.json, docs/model-artifact.md); a name that maps to no field would stop the
service at start-up, so the export checks it first. Unnamed columns (headerless files,
`iris.data[:, 2:]`) are named by their values: after a named column of the notebook that holds
them, else after the Iris measurement they are, compared with scikit-learn's own copy of the
data set.
"""
import collections

import numpy

from contract import FIELD_BY_KEY, field_key

from ._common import ExportError, IRIS_FEATURES, as_matrix, numeric_frame
from .data import find_held_out, find_training_data
from .origins import names_by_rows


def _string_columns(data):
    """The table's column names when they are all strings, else None (header=None tables)."""
    columns = getattr(data, "columns", None)
    if columns is None or not all(isinstance(c, str) for c in columns):
        return None
    return list(columns)


def feature_names(model, namespace):
    """Input columns in model order, each one the service can feed (see served_names)."""
    return _served_names(_notebook_feature_names(model, namespace), model, namespace)


def _notebook_feature_names(model, namespace):
    """Input columns in model order: feature_names_in_, else the notebook's data, else Iris order."""
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        return [str(n) for n in names]
    columns = _string_columns(find_training_data(namespace, model))
    if columns is None:
        held_out = find_held_out(namespace, model)
        columns = _string_columns(held_out[0]) if held_out else None
    if columns is not None:
        return columns
    columns = _names_by_value(find_training_data(namespace, model), namespace)
    if columns is not None:
        return columns
    data = find_training_data(namespace, model)
    columns = fields_by_value(data, namespace)
    if columns is not None:
        return columns
    width = getattr(model, "n_features_in_", "?")
    if width == 4 and data is None:
        print("export: warning: the model takes 4 unnamed features and its training data is not in the "
              f"notebook's variables; assuming the usual Iris order {IRIS_FEATURES}.")
        return list(IRIS_FEATURES)
    seen = ("" if data is None else " and their values are not Iris measurements in centimetres (scaled, "
            "with no scaler found to undo it?), so which request field feeds which column cannot be told")
    raise ExportError(
        f"cannot tell the model's feature names: it takes {width} unnamed features{seen}. Fit it on a "
        "DataFrame with named measurement columns (e.g. sepal_length), scaling inside a Pipeline."
    )


UCI_ERRATA = 2  # values in which UCI's iris.data (and Kaggle's Iris.csv) differ from Fisher's, per column


def _iris_reference_columns(namespace):
    """{field: Counter of values} of every column known to be one Iris measurement: the notebook's
    columns whose names map to a field, and scikit-learn's own copy of the Iris data."""
    from sklearn.datasets import load_iris  # only needed for a renamed column, and bundled with scikit-learn
    reference = collections.defaultdict(collections.Counter)
    for name, values in _named_columns(namespace).items():
        if field_key(name) in FIELD_BY_KEY:
            reference[FIELD_BY_KEY[field_key(name)]] |= values
    for field, column in zip(IRIS_FEATURES, load_iris().data.T):
        reference[field] |= _value_counts(column)
    return reference


def _field_by_value(column, reference):
    """The one Iris measurement whose values contain the column's (allowing the UCI file's
    errata), or None when none or several do."""
    wanted = _value_counts(column)
    matches = [f for f, values in reference.items() if sum((wanted - values).values()) <= UCI_ERRATA]
    return matches[0] if len(matches) == 1 else None


def fields_by_value(data, namespace):
    """The Iris measurement each column of an unnamed table holds, by its values (headerless
    data in any column order); None unless every column is one measurement, each a different one."""
    matrix = as_matrix(data)
    if matrix is None:
        return None
    reference = _iris_reference_columns(namespace)
    fields = [_field_by_value(column, reference) for column in matrix.T]
    if None in fields or len(set(fields)) != len(fields):
        return None
    return fields


def _served_names(names, model, namespace):
    """The feature names, each mapping onto a service field. A column renamed out of recognition
    ('SL', 'x1') is named after the measurement its values are; anything else (an 'Id', a derived
    ratio) cannot be sent by the service, and the export stops saying what to do."""
    unknown = [i for i, name in enumerate(names) if field_key(name) not in FIELD_BY_KEY]
    served = list(names)
    if unknown:
        data = as_matrix(find_training_data(namespace, model))
        reference = _iris_reference_columns(namespace) if data is not None else {}
        for i in unknown:
            field = _field_by_value(data[:, i], reference) if data is not None else None
            if field is not None:
                print(f"export: feature {names[i]!r} holds {field} values; model.json names it {field}")
                served[i] = field
    unmapped = [names[i] for i in unknown if served[i] == names[i]]
    if unmapped:
        raise ExportError(
            f"the model's feature(s) {', '.join(map(repr, unmapped))} match none of the service's fields "
            f"({', '.join(IRIS_FEATURES)}; 'SepalLengthCm' or 'sepal length (cm)' match too) and do not "
            "hold the values of one Iris measurement, so the service could not send them. Fit the model "
            "on the four measurements only: drop extra or derived columns (an Id, a ratio) before fitting, "
            "and give renamed columns measurement names, e.g. df.rename(columns={'SL': 'sepal_length'})."
        )
    fields = [FIELD_BY_KEY[field_key(name)] for name in served]
    repeated = sorted({f for f in fields if fields.count(f) > 1})
    if repeated:
        raise ExportError(
            f"several of the model's features {served} are the same measurement ({', '.join(repeated)}); "
            "the service sends each measurement once. Fit the model on each measurement once."
        )
    return served


def _value_counts(column):
    """A column's values as a multiset, rounded so that the same measurement read as float32
    (5.099999904632568) or float64 (5.1) counts as one value."""
    return collections.Counter(round(float(v), 6) for v in numpy.asarray(column, dtype=float).tolist())


def _named_columns(namespace):
    """{name: Counter of values} for every named numeric column in the notebook: DataFrames with
    string column names, and `load_iris()`-style Bunches (`data` + `feature_names`)."""
    named = {}
    for value in namespace.values():
        if isinstance(value, dict) and getattr(value, "feature_names", None) is not None:
            matrix = as_matrix(getattr(value, "data", None))
            if matrix is not None and matrix.shape[1] == len(value.feature_names):
                for name, column in zip(value.feature_names, matrix.T):
                    named.setdefault(str(name), _value_counts(column))
        numbers = numeric_frame(value)
        if numbers is not None and _string_columns(numbers) is not None:
            for position, name in enumerate(numbers.columns):  # by position: a name may repeat
                named.setdefault(name, _value_counts(numbers.iloc[:, position].astype(float)))
    return named


def _names_by_value(data, namespace):
    """Name an unnamed table's columns (iris.data[:, 2:], df.values[:, [0, 2]]) by their values:
    a column whose values are, exactly, a sub-multiset of one named column's values (a split
    keeps a subset of the rows) gets that name. None when any column matches no name or several."""
    matrix = as_matrix(data)
    if matrix is None:
        return None
    named = _named_columns(namespace)
    names = []
    for column in matrix.T:
        wanted = _value_counts(column)
        matches = [name for name, values in named.items() if not wanted - values]
        if len(matches) != 1:
            return None
        names.append(matches[0])
    return names if len(set(names)) == len(names) else None


def data_feature_names(model, namespace, recording=None):
    """Input columns in model order for a model of any tabular data: feature_names_in_, else the
    notebook's training (or held-out) table's columns, else the columns of the named table (a frame,
    a `load_*` Bunch, a data file as read) whose rows hold the unnamed training rows, found row by
    row (origins.py), else x0, x1, ... (with a warning: the notebook names none of them). Unnamed
    columns that resemble a named table's columns, but cannot be found in it row by row for certain,
    stop the build: a wrong name would feed a value into the wrong column."""
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        return [str(n) for n in names]
    data = find_training_data(namespace, model)
    columns = _string_columns(data)
    if columns is None:
        held_out = find_held_out(namespace, model)
        columns = _string_columns(held_out[0]) if held_out else None
    if columns is not None:
        return columns
    if data is not None:
        columns, where = names_by_rows(data, namespace, recording)
        if columns is not None:
            print(f"export: the model's {len(columns)} unnamed columns are {where}'s columns {columns}, "
                  "found there row by row")
            return columns
        resembling = _names_by_value(data, namespace)
        if resembling is not None:
            raise ExportError(
                f"the model was fitted on unnamed columns (a numpy array) whose values resemble the notebook's "
                f"columns {resembling}, but its training rows cannot be found among that table's rows for certain, "
                "so which field feeds which column cannot be told. Fit the model on the DataFrame itself "
                "(df[columns] rather than df[columns].values), so that its columns keep their names.")
    width = getattr(model, "n_features_in_", None) or (as_matrix(data).shape[1] if as_matrix(data) is not None else 0)
    print(f"export: warning: the model takes {width} unnamed columns and the notebook names none of them; "
          "the service's fields are x0, x1, ... Fit the model on a DataFrame with named columns for better names.")
    return [f"x{i}" for i in range(width)]


IRIS_SPECIES_WORDS = ("setosa", "versicolor", "virginica")


def is_iris_model(model, namespace):
    """Whether the model's inputs are Iris measurements, so that iris.json's contract and the Iris-only
    checks apply: a feature named after one (`SepalLengthCm`), unnamed columns that hold them (by value,
    or 4 unnamed columns whose data is not in the notebook: today's Iris assumption), renamed columns
    whose values are each a measurement, or a classifier of Iris species."""
    names = getattr(model, "feature_names_in_", None)
    data = find_training_data(namespace, model)
    if names is None:
        names = _string_columns(data)
    if names is not None and any(field_key(n) in FIELD_BY_KEY for n in names):
        return True
    if names is None:
        if fields_by_value(data, namespace) is not None:
            return True
        if getattr(model, "n_features_in_", None) == 4 and data is None:
            return True
    matrix = as_matrix(data)
    if matrix is not None and matrix.shape[1] and matrix.shape[1] <= 4:
        reference = _iris_reference_columns(namespace)
        if all(_field_by_value(column, reference) is not None for column in matrix.T):
            return True
    classes = [str(c).lower() for c in numpy.ravel(numpy.asarray(getattr(model, "classes_", [])))]
    if (getattr(model, "n_features_in_", None) or 99) <= len(FIELD_BY_KEY):  # a notebook may load Iris beside its data
        from .classes import _target_names  # the names the notebook shows for coded classes
        classes += [str(c).lower() for c in _target_names(namespace, len(classes)) or []]
    return any(word in c for c in classes for word in IRIS_SPECIES_WORDS)
