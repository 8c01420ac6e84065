"""Gaps filled as the notebook filled them, before the encoding.

A notebook may fill a column's gaps outside its model (`df['Age'].fillna(df['Age'].mean())`,
the 0s of a glucose level made gaps first, the Titanic's ages filled by class). Its model then
never saw a gap: it saw the fill. The export observes that at run time and writes it into the
input as `fill` (docs/model-artifact.md, Format 2):

    {"value": 121.7, "gaps": [0.0]}                   a gap (null, or 0) is 121.7
    {"by": "Pclass", "values": [[1, 24.0], [2, 29.0], [3, 24.0]], "gaps": []}
                                                      a gap is the value listed for the row's Pclass

The service takes the raw value, null included, and `Fills.apply` puts the fill in its place
before the encoding, so a user never has to know what the notebook filled a gap with. A gap whose
row holds a `by` value the notebook never filled a gap for has no fill: `Fills.problems` names it
(a 400), rather than feed the model a gap it cannot take.
"""
from dataclasses import dataclass


class FillError(ValueError):
    """An input's `fill` is malformed; the message says what is wrong."""


@dataclass(frozen=True)
class _Fill:
    position: int  # the input's, in input order
    name: str
    gaps: frozenset  # numbers that also stand for a gap
    value: object = None  # the one fill, or
    by: int | None = None  # the position of the input whose value tells the fill,
    by_name: str = ""
    table: tuple = ()  # as ((its value, fill), ...)


class Fills:
    """The compiled fills of a contract's inputs (at least one)."""

    def __init__(self, fills: tuple, key):
        self._fills, self._key = fills, key
        self._tables = {f.position: {key(k): v for k, v in f.table} for f in fills if f.by is not None}

    def apply(self, values: list) -> list:
        """A validated row's values (input order) with each gap replaced by its fill."""
        values = list(values)
        for fill in self._fills:
            if _is_gap(values[fill.position], fill.gaps):
                values[fill.position] = fill.value if fill.by is None else \
                    self._tables[fill.position].get(self._key(values[fill.by]))
        return values

    def problems(self, values: list) -> list:
        """(input name, why) for each gap of a validated row that has no fill."""
        found = []
        for fill in self._fills:
            if fill.by is not None and _is_gap(values[fill.position], fill.gaps) \
                    and self._key(values[fill.by]) not in self._tables[fill.position]:
                known = ", ".join(str(k) for k, _ in fill.table[:20])
                found.append((fill.name, f"must be given when {fill.by_name} is {values[fill.by]!r}: the notebook "
                                         f"filled a gap only where {fill.by_name} is one of {known}"))
        return found


def as_fills(inputs: list, index: dict, key, fields: tuple) -> Fills | None:
    """Fills of the inputs that have a `fill` (`index`: {input name: position}), or None. `key`
    makes a category value a table key, as the encoding's code tables do (inputs.py). Each fill
    is a value its input accepts, and each `by` value one the other input accepts (`fields`,
    inputs.Field): else a gap would reach the model as something it was never given."""
    fills = tuple(_checked(_as_fill(spec, index), fields) for spec in inputs if spec.get("fill") is not None)
    return Fills(fills, key) if fills else None


def _checked(fill: _Fill, fields: tuple) -> _Fill:
    """`fill`, when its values are ones the inputs accept; else FillError naming the first that is not."""
    own = fields[fill.position]
    checks = [("value", own, fill.value)] if fill.by is None else \
        [("value", own, value) for _, value in fill.table] + [(fill.by_name, fields[fill.by], key) for key, _ in fill.table]
    for what, field, value in checks:
        problem = field.problem(value, False)
        if problem is not None:
            raise FillError(f"input {fill.name!r}: the fill's {what} {value!r} {problem}")
    return fill


def _as_fill(spec: dict, index: dict) -> _Fill:
    name, fill = spec["name"], spec["fill"]
    gaps = fill.get("gaps", []) if isinstance(fill, dict) else None
    if not isinstance(gaps, list) or not all(type(g) in (int, float) for g in gaps):
        raise FillError(f"input {name!r}: fill must be an object whose \"gaps\" is a list of numbers, got {fill!r}")
    if spec.get("missing") is not True:
        raise FillError(f"input {name!r}: a fill needs \"missing\": true (a gap is accepted to be filled)")
    gaps = frozenset(float(g) for g in gaps)
    if "value" in fill:
        if fill["value"] is None:
            raise FillError(f"input {name!r}: fill's value must not be null")
        return _Fill(index[name], name, gaps, value=fill["value"])
    by, table = fill.get("by"), fill.get("values")
    if by not in index or by == name or not isinstance(table, list) or not table \
            or not all(isinstance(pair, list) and len(pair) == 2 and pair[1] is not None for pair in table):
        raise FillError(f"input {name!r}: fill needs a \"value\", or \"by\": another input and \"values\": "
                        f"[[its value, fill], ...], got {fill!r}")
    return _Fill(index[name], name, gaps, by=index[by], by_name=by, table=tuple(tuple(pair) for pair in table))


def _is_gap(value, gaps) -> bool:
    return value is None or (type(value) in (int, float) and value in gaps)
