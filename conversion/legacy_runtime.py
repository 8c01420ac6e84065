"""Run-time stand-ins for removed pandas and scikit-learn APIs whose old meaning depends on the
value, which only the running notebook knows (a list's .append or a DataFrame's, a frame with or
without text columns). The rewrite in legacy_api.py routes such calls through these helpers; the
script gets their definitions in one cell before the first cell that uses them.

Each helper does exactly what the old library did for pandas objects and passes anything else
through untouched, so a list's `.append`, a numpy array's `.mean()` or an `int(n)` behave as before.
"""
HELPERS = {
    "_convert_ix_": '''\
class _convert_ix_:
    """pandas' removed `.ix`: labels first, positions when the labels do not fit (old .ix)."""

    def __init__(self, obj):
        self.obj = obj

    def __getitem__(self, key):
        try:
            return self.obj.loc[key]
        except (KeyError, TypeError, IndexError):
            return self.obj.iloc[key]

    def __setitem__(self, key, value):
        try:
            self.obj.loc[key]  # labels that exist (or a label slice) are set by label
        except (KeyError, TypeError, IndexError):
            self.obj.iloc[key] = value
        else:
            self.obj.loc[key] = value''',
    "_convert_numeric_only_": '''\
def _convert_numeric_only_(obj):
    """pandas < 2 skipped text columns in a frame's mean/corr/std/...; pandas 2 raises. A DataFrame
    (or DataFrame groupby) gets numeric_only=True on its reductions; anything else is unchanged."""
    import functools
    import pandas

    if not isinstance(obj, (pandas.DataFrame, pandas.core.groupby.DataFrameGroupBy)):
        return obj

    class NumericOnly:
        def __getattr__(self, name):
            return functools.partial(getattr(obj, name), numeric_only=True)

    return NumericOnly()''',
    "_convert_append_": '''\
def _convert_append_(obj, other, ignore_index=False, verify_integrity=False, sort=False):
    """Series/DataFrame.append (removed in pandas 2) as pandas 1.x did it, through pd.concat: a dict
    or Series appended to a frame is one row. Anything else (a list) calls its own append."""
    import pandas

    if not isinstance(obj, (pandas.Series, pandas.DataFrame)):
        return obj.append(other)
    others = list(other) if isinstance(other, (list, tuple)) else [other]
    if isinstance(obj, pandas.DataFrame):
        if others and all(isinstance(item, dict) for item in others):
            others = [pandas.DataFrame(others)]
        others = [pandas.Series(item) if isinstance(item, dict) else item for item in others]
        others = [item.to_frame().T.infer_objects() if isinstance(item, pandas.Series) else item for item in others]
    return pandas.concat([obj, *others], ignore_index=ignore_index, verify_integrity=verify_integrity, sort=sort)''',
    "_convert_scalar_": '''\
def _convert_scalar_(value):
    """int()/float() of a one-element Series, DataFrame or array worked in pandas 1.x and numpy < 2;
    today they raise TypeError. The one element is taken; anything else is unchanged."""
    if getattr(value, "size", None) == 1 and getattr(value, "ndim", 0) > 0 and hasattr(value, "to_numpy"):
        return value.to_numpy().item()
    if getattr(value, "size", None) == 1 and getattr(value, "ndim", 0) > 0 and hasattr(value, "item"):
        return value.item()
    return value''',
    "OneVsRestClassifier": "from sklearn.multiclass import OneVsRestClassifier",
}


def prelude(names):
    """The cell that defines the helpers `names` (in HELPERS' order), or None when none is needed."""
    if not names:
        return None
    body = "\n\n\n".join(HELPERS[name] for name in HELPERS if name in names)
    return f"# convert.py: stand-ins for APIs removed from the notebook's libraries (see the report)\n{body}\n"
