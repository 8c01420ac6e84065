"""Class labels: model.json's classes and the names the service answers with (class_names).

String classes are kept. Integer classes get names from what the notebook shows of its
encoding (target_names, a LabelEncoder, a {name: code} dict kept or written inline, factorize,
.cat.codes, one-hot label columns), else from evidence that they are scikit-learn's own Iris
codes; without any, they stay numbers, and once the recorder's code tables have not named them
either, the export warns (`warn_if_numbers`).
"""
import ast
import warnings

import numpy

from contract import FIELD_BY_KEY, field_key

from ._common import IRIS_FEATURES, agreement, is_code, json_safe, n_rows, notebook_syntax
from .data import find_training_name


def _target_names(namespace, n_classes, features=None):
    """The dataset's class names where the notebook has them: `target_names`, a load_wine()
    Bunch (of the data set the model's features are from), a fitted LabelEncoder, a {name: code}
    dict used to encode the labels, the names behind pd.factorize / .cat.codes."""
    candidates = [namespace.get("target_names")]
    candidates += [_bunch_names(namespace, n_classes, features)]
    candidates += [getattr(v, "classes_", None) for v in namespace.values() if type(v).__name__ == "LabelEncoder"]
    candidates += [_encoding_names(v) for v in namespace.values() if isinstance(v, dict)]
    candidates += _encoded_label_names(namespace)
    for names in candidates:
        if _is_name_list(names) and len(names) == n_classes:
            return [str(n) for n in names]
    return None


def _bunch_names(namespace, n_classes, features):
    """The target_names of the scikit-learn Bunch the model's data is from. A notebook may load two
    (`iris = load_iris()` beside `wine = load_wine()`, three classes each): the one whose
    feature_names are the model's features names its classes; when that cannot be told, none does
    (the wine classes are never answered as Iris species)."""
    bunches = [v for v in namespace.values() if isinstance(v, dict) and _is_name_list(getattr(v, "target_names", None))
               and len(v.target_names) == n_classes]
    if len({tuple(map(str, b.target_names)) for b in bunches}) > 1:
        named = [str(f) for f in features] if features is not None else None
        bunches = [b for b in bunches if named is not None
                   and [str(f) for f in getattr(b, "feature_names", [])] == named]
    return bunches[0].target_names if bunches else None


def _is_name_list(value):
    """A flat list, tuple or 1-D array (not a 0-d array, a ragged list of lists, a file, ...)."""
    if isinstance(value, numpy.ndarray):
        return value.ndim == 1
    return isinstance(value, (list, tuple)) and not any(isinstance(v, (list, tuple, dict, set)) for v in value)


def _bundled_iris_names(namespace):
    """scikit-learn's Iris target names, when the notebook holds that data set's own labels
    (X, y = load_iris(return_X_y=True): the codes carry no names, but they are exactly its
    `target`, row for row); else None."""
    from sklearn.datasets import load_iris
    bundled = load_iris()
    for value in namespace.values():
        if isinstance(value, (str, bytes, dict, type)) or getattr(value, "ndim", None) != 1 \
                or n_rows(value) != len(bundled.target):
            continue
        codes = numpy.asarray(value)
        if codes.dtype.kind in "iuf" and numpy.array_equal(codes, bundled.target):
            return [str(name) for name in bundled.target_names]
    return None


TEXT_DTYPES = ("object", "category", "string")


def _label_columns(namespace):
    """Text and categorical columns in the notebook: Series, and columns of DataFrames."""
    for value in namespace.values():
        if isinstance(value, type):
            continue
        if getattr(value, "ndim", 0) == 1 and str(getattr(value, "dtype", "")) in TEXT_DTYPES:
            yield value
        elif callable(getattr(value, "select_dtypes", None)):
            texts = value.select_dtypes(list(TEXT_DTYPES))
            yield from (texts[column] for column in texts.columns)


def _encoded_label_names(namespace):
    """Names for labels encoded without an encoder object. `.cat.codes` index a categorical
    column's categories. `y, uniques = pd.factorize(df.species)` numbers the labels in order of
    first appearance: an array the notebook kept counts only when it is exactly that order of
    one of its text columns' values, so an unrelated list of strings is never taken for classes."""
    columns = list(_label_columns(namespace))
    names = [list(getattr(column, "cat", column).categories)  # a Series, or a Categorical / CategoricalIndex
             for column in columns if str(column.dtype) == "category"]
    texts = (column.tolist() for column in columns)  # object columns may hold anything: cv_results_'s dicts
    orders = [list(dict.fromkeys(values)) for values in texts if all(isinstance(v, str) for v in values)]
    for value in namespace.values():
        if isinstance(value, (str, bytes, dict, type)) or getattr(value, "ndim", None) != 1:
            continue
        kept = list(value)
        if kept and all(isinstance(v, str) for v in kept) and kept in orders:
            names.append(kept)
    return names


def _encoding_names(mapping):
    """['setosa', ...] from {'setosa': 0, ...} or {0: 'setosa', ...} covering codes 0..n-1; else None."""
    by_code = _code_names(mapping)
    if by_code is None or sorted(by_code) != list(range(len(by_code))):
        return None
    return [by_code[code] for code in range(len(by_code))]


def class_labels(model, namespace, features=None):
    """(classes, class_names): classes JSON-safe; integer classes mapped to the dataset's names, or
    through the {name: code} mapping the notebook encoded its labels with (`.map({...})`). Whole
    floats count as codes: np.c_[iris.data, iris.target] makes the labels 0.0, 1.0, 2.0."""
    classes = [json_safe(c) for c in getattr(model, "classes_", [])]
    codes = [_class_code(c) for c in classes]
    if None in codes:
        return classes, [str(c) for c in classes]
    names = _target_names(namespace, len(classes), features)
    by_code = {} if names else _code_mapping(namespace, codes)
    if not names and not by_code:
        bundled = _bundled_iris_names(namespace)
        names = bundled if bundled is not None and len(bundled) == len(classes) else None
    if not names and not by_code:
        names = _indicator_names(model, namespace, len(classes)) or _predicted_iris_names(model, codes, features)
    labels = []
    for c, code in zip(classes, codes):
        if names and 0 <= code < len(names):
            labels.append(names[code])
        else:
            labels.append(by_code.get(code, str(c)))
    return classes, labels


def warn_if_numbers(classes, class_names):
    """Say so when the service will answer with the classes' numbers: called once every way of
    naming them has been tried (here from the notebook's variables, then from the code table the
    recorder saw made the labels: model_export/run.py)."""
    if classes and all(_class_code(c) is not None for c in classes) and list(class_names) == [str(c) for c in classes]:
        print(f"export: warning: the classes are the numbers {classes} and the notebook shows no names for them; "
              "the service will answer with these numbers. Keep the labels as text (the species, 'M'/'B'), or a "
              "LabelEncoder or {name: code} dict in a variable, for names.")


def _indicator_names(model, namespace, n_classes):
    """The column names of one-hot labels the model was fitted on (`Y = pd.get_dummies(df.Species)`,
    then `mlp.fit(X_train, Y_train)`): its classes 0..n-1 are those columns, in order. Taken only
    when the table is exactly one-hot, has as many rows as the training data, and the model's
    predictions on that data match it row for row (>= 90%); else None."""
    name = find_training_name(namespace, model)
    if name is None or n_classes < 2:
        return None
    rows = n_rows(namespace[name])
    for label_name, table in namespace.items():
        if not label_name.lower().startswith("y") or not hasattr(table, "columns") or isinstance(table, type):
            continue
        values = numpy.asarray(table)
        if values.shape != (rows, n_classes) or not numpy.isin(values, (0, 1)).all() \
                or not (values.sum(axis=1) == 1).all():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                predicted = numpy.asarray(model.predict(namespace[name]))
        except Exception:  # a model that cannot take its table is checked by the parity step
            return None
        if predicted.shape == values.shape and (predicted == values).all(axis=1).mean() >= 0.9:
            return [str(column) for column in table.columns]
    return None


def _predicted_iris_names(model, codes, features):
    """scikit-learn's Iris target names for classes 0, 1, 2 whose meaning the notebook no longer
    shows (its labels stayed local to a function: `X, y = load_iris(return_X_y=True)` inside
    `train()`): when the model, given that data set's own rows in its feature order, predicts the
    data set's target codes on at least 90% of them, code i can only be target_names[i] (any other
    numbering of the species would disagree on most rows). Else None."""
    fields = [FIELD_BY_KEY.get(field_key(name)) for name in features or []]
    if sorted(codes) != [0, 1, 2] or not fields or None in fields:
        return None
    from sklearn.datasets import load_iris
    bundled = load_iris()
    rows = bundled.data[:, [IRIS_FEATURES.index(field) for field in fields]]
    try:
        share = agreement(model, rows, bundled.target)
    except Exception:  # a model that cannot take plain rows is checked by the parity step
        return None
    if share < 0.9:
        return None
    print(f"export: the classes 0, 1, 2 are named {', '.join(bundled.target_names)}: on scikit-learn's own "
          f"Iris rows the model predicts that data set's target codes ({share:.0%} agree).")
    return [str(name) for name in bundled.target_names]


def _class_code(value):
    """A class as an integer code: an int (not a bool), or a whole float; else None."""
    if is_code(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _code_mapping(namespace, classes):
    """{code: name} from a label encoding whose codes are exactly the model's integer classes: a dict
    the notebook keeps (also per column: `lookup = {'Species': {...}}` for `labels.replace(lookup)`), or a literal written inline (`df.species.map({'setosa': 0, ...})`,
    `.replace({...})`, `.replace([names], [codes])`) in the script's own source. Features are often
    coded with the same numbers (`island` 0/1/2 beside `species` 0/1/2): a table written for a
    column counts only when that column is the label's, and tables that disagree with nothing to
    tell them apart name nothing (the service answers the codes, with a warning) rather than guess."""
    if not classes or not all(is_code(c) for c in classes):
        return {}
    for mapping in _paired_encodings(namespace, classes):  # proven row by row
        by_code = _code_names(mapping)
        if by_code is not None and set(by_code) == set(classes):
            return by_code
    labels = _label_names(namespace)
    kept = [v for v in namespace.values() if isinstance(v, dict)]
    found = [(None, v) for v in kept] + _source_encodings(namespace.get("__file__"))
    found += [(column, table) for v in kept for column, table in v.items()  # lookup = {'Species': {...}}, for
              if isinstance(column, str) and isinstance(table, dict)]         # labels.replace(lookup)
    matching = [(column, by_code) for column, by_code in ((c, _code_names(m)) for c, m in found)
                if by_code is not None and set(by_code) == set(classes)]
    for_label = [by_code for column, by_code in matching if column is not None and column in labels]
    for candidates in (for_label, [by_code for _, by_code in matching]):
        distinct = {tuple(sorted(by_code.items())) for by_code in candidates}
        if len(distinct) == 1:
            return candidates[0]
        if distinct:
            return {}
    return {}


def _label_names(namespace):
    """Names of the label columns the notebook holds: the `name` of its y-like Series (y, y_train,
    target, labels, ...), as pandas keeps it from the column they were taken from."""
    names = set()
    for key, value in namespace.items():
        lowered = key.lower()
        if lowered.startswith(("y", "target", "label")) and isinstance(getattr(value, "name", None), str) \
                and getattr(value, "ndim", None) == 1:
            names.add(value.name)
    return names


def _paired_encodings(namespace, classes):
    """{name: code} proven row by row: a column of codes (y = pd.Categorical(df.species).codes, any
    encoding) beside a text column of the same length, each name always getting the same code."""
    texts = [numpy.asarray(column, dtype=object) for column in _label_columns(namespace)]
    lengths = {len(text) for text in texts}
    for value in namespace.values():
        if isinstance(value, (str, bytes, dict, type)) or getattr(value, "ndim", None) != 1 \
                or n_rows(value) not in lengths:
            continue
        codes = numpy.asarray(value)
        if codes.dtype.kind not in "iu":
            continue
        for text in texts:
            if len(text) == len(codes):
                pairs = set(zip(text.tolist(), codes.tolist()))
                names, numbers = {n for n, _ in pairs}, {c for _, c in pairs}
                if len(pairs) == len(names) == len(numbers) == len(classes):
                    yield dict(pairs)


def _code_names(mapping):
    """{code: name} from {'setosa': 0, ...} or {0: 'setosa', ...}; None for any other dict."""
    if not isinstance(mapping, dict) or not mapping:
        return None
    pairs = list(mapping.items()) if all(is_code(k) for k in mapping) else [(c, n) for n, c in mapping.items()]
    if not all(is_code(code) and isinstance(name, str) for code, name in pairs):
        return None
    by_code = {int(code): name for code, name in pairs}
    return by_code if len(by_code) == len(pairs) else None


def _source_encodings(path):
    """Label encodings written as literals in the script (the notebook's code, which ran above the
    export): the arguments of `.map(...)` and `.replace(...)` calls, parsed, never executed, each as
    (the column it was written for, when the code says: `df['sex'].map`, `df.sex.map`,
    `df.replace({'sex': {...}})`, else None; the {name: code} table)."""
    found = []
    for node in (n for statement in notebook_syntax(path) for n in ast.walk(statement)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("map", "replace") and node.args):
            continue
        try:
            values = [ast.literal_eval(arg) for arg in node.args[:2]]
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        column = _column_of(node.func.value)
        if isinstance(values[0], dict):
            found.append((column, values[0]))
            found += [(str(key), v) for key, v in values[0].items() if isinstance(v, dict)]  # df.replace({'species': {...}})
        elif len(values) == 2 and all(isinstance(v, (list, tuple)) for v in values) and len(values[0]) == len(values[1]):
            if all(isinstance(name, str) for name in values[0]):
                found.append((column, dict(zip(values[0], values[1]))))
    return found


def _column_of(node):
    """'sex' for the expression `df['sex']` or `df.sex` a call is made on; else None (a whole frame)."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr
    return None
