"""Rows given as records: a list of dicts (`df[cols].to_dict(orient='records')`) fed to a DictVectorizer.

The service sends a table of fields, and neither it nor the artifact has pandas to make records
of it; the other checks (parity, the contract's ranges and categories) read tables too. So the raw
rows behind such a lineage are the records as a table, one column per key, and the fitted
DictVectorizer is exported as the ColumnTransformer that makes the same columns from that table:
a key of numbers passed through, one `key=value` column per text value it saw (a one-value
OneHotEncoder that ignores other values, as the DictVectorizer does), in its own column order. It
is used only when it reproduces the DictVectorizer's output on every training record.
"""
import numpy


class Adapter:
    """A step that stands for a recorded transform in the exported pipeline, shaped like its Event
    (`snapshot`, `method`, `line`, `seq`, `X`) so that the pipeline, the report and the checks take it as one."""

    def __init__(self, snapshot, made):
        self.snapshot, self.method = snapshot, made.method
        self.line, self.seq, self.X = made.line, made.seq, made.X


def is_records(rows):
    """A non-empty list (or tuple) of dicts keyed by text: one record per row."""
    return isinstance(rows, (list, tuple)) and bool(rows) and all(
        isinstance(row, dict) and all(isinstance(key, str) for key in row) for row in rows)


def as_table(records):
    """The records as a DataFrame, one column per key in first-seen order."""
    import pandas  # records come from a frame's to_dict: pandas is loaded
    return pandas.DataFrame.from_records(list(records))


def as_column_transformer(vectorizer, table):
    """The ColumnTransformer that makes the fitted DictVectorizer's columns from `table` (the records
    as a table), fitted on it (columns by name: columns.py gives the artifact's copy positions);
    None when a column name cannot be traced to a key of the table."""
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder

    columns = [str(c) for c in table.columns]
    separator = vectorizer.separator
    parts = []
    for index, name in enumerate(vectorizer.feature_names_):
        if name in columns:
            parts.append((f"f{index}", "passthrough", [name]))
            continue
        key, _, value = str(name).partition(separator)
        if key not in columns or not value:
            return None
        encoder = OneHotEncoder(categories=[[value]], handle_unknown="ignore", sparse_output=False)
        parts.append((f"f{index}", encoder, [key]))
    return ColumnTransformer(parts, remainder="drop", sparse_threshold=0).fit(table)


def table_lineage(steps, raw):
    """(steps, raw rows) with a DictVectorizer fed records made a ColumnTransformer fed their table;
    as they are for any other lineage, or when the ColumnTransformer does not reproduce it."""
    if not steps or not is_records(raw) or type(steps[0][1].snapshot).__name__ != "DictVectorizer":
        return steps, raw
    (name, made), vectorizer = steps[0], steps[0][1].snapshot
    table = as_table(raw)
    try:
        columns = as_column_transformer(vectorizer, table)
        same = columns is not None and numpy.array_equal(
            numpy.asarray(columns.transform(table), dtype=float),
            _dense(vectorizer.transform(list(raw))), equal_nan=True)
    except (TypeError, ValueError):  # a key holding lists, values the encoder cannot compare
        same = False
    if not same:
        return steps, raw
    return [(name, Adapter(columns, made)), *steps[1:]], table


def _dense(matrix):
    return numpy.asarray(matrix.toarray() if hasattr(matrix, "toarray") else matrix, dtype=float)
