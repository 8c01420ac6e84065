"""A column filled from other columns where it has gaps is still the raw column.

`df['Age'] = df[['Age', 'Pclass']].apply(impute_age, axis=1)` reads Pclass, yet it only fills the
ages the data lacks (by class) and keeps every age the data has. Served, the users give the age
they know, the model gets it as the notebook's model got it, and nothing is asked that they do not
have. A function applied along rows is not read for its meaning: it is run again, on the frame as
the notebook left it (every age filled), and must give back each row's own value. A ratio or a
sum does not, and still stops the build (inputs.Evidence.check_not_computed).
"""
import ast
import types
import warnings

import numpy


def _row_apply(value):
    """(frame name, the columns it selects, the function node) of `frame[[...]].apply(f, axis=1)`, else None."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "apply"
            and len(value.args) == 1 and any(k.arg == "axis" and isinstance(k.value, ast.Constant)
                                             and k.value.value in (1, "columns") for k in value.keywords)):
        return None
    selection = value.func.value
    if not (isinstance(selection, ast.Subscript) and isinstance(selection.value, ast.Name)
            and isinstance(selection.slice, ast.List)):
        return None
    columns = [e.value for e in selection.slice.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if len(columns) != len(selection.slice.elts):
        return None
    return selection.value.id, columns, value.args[0]


def only_fills_gaps(assignment, namespace):
    """Whether the assignment of `assignment.column` is a row function of its frame's columns (the
    column among them) that returns each row's own value wherever there is one: run again on the
    notebook's frame, it gives back the column as it is."""
    found = _row_apply(assignment.value)
    if found is None or assignment.column not in found[1]:
        return False
    frame_name, columns, function = found
    frame = namespace.get(frame_name)
    if not callable(getattr(frame, "apply", None)) or assignment.column not in getattr(frame, "columns", ()):
        return False
    if isinstance(function, ast.Name):
        apply = namespace.get(function.id)
        if not isinstance(apply, types.FunctionType):  # the notebook's own function, not a library's
            return False
    elif not isinstance(function, ast.Lambda):
        return False
    else:
        apply = eval(compile(ast.Expression(function), "<notebook>", "eval"), dict(namespace))  # noqa: S307
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again = numpy.asarray(frame[columns].apply(apply, axis=1), dtype=float)
            kept = numpy.asarray(frame[assignment.column], dtype=float)
    except Exception:  # a function that cannot run again on the frame proves nothing
        return False
    present = ~numpy.isnan(kept)
    return bool(present.any()) and numpy.array_equal(again[present], kept[present])
