"""Saying when a flower is unlike anything the model learned from.

A model answers confidently far outside its training data: a petal length of
50 cm (a slipped decimal point, or millimetres typed for centimetres) gets
"virginica" with probability 1. model.json's optional `training_stats` records,
per feature, what the training rows looked like (min, max, mean, std, count);
a value beyond that range, widened by MARGIN, gets a warning beside the
prediction, which stays as it is. Without `training_stats` (older artifacts)
there are no warnings.

A format 2 artifact carries the training range in each number input (`min`,
`max`): `as_input_warnings` builds the same ranges from them, in the inputs'
units, and also warns about a category value not seen in training where the
model ignores unknown categories (`unknown: "warn"`).
"""
from dataclasses import dataclass

import numpy as np

#: How far beyond the training range, as a fraction of its width (max - min), a value may
#: lie before it is called unlike the training data. The training rows are a sample: over
#: 2,000 random 80/20 and 2,000 70/30 splits of the 150 Iris flowers, the flowers left out
#: lay beyond the training rows' range by at most 29% of its width (99th percentile 16%
#: and 22%). 30% keeps real flowers of the kind the model learned quiet, while the slips
#: the warnings are for (millimetres, a decimal point one place right) land several widths
#: away: a 50 cm petal is 7 widths beyond the Iris petal range.
MARGIN = 0.3
#: Millimetres typed for centimetres make every value ten times too large.
MM_PER_CM = 10
STAT_KEYS = ("min", "max", "mean", "std", "count")


class StatsError(ValueError):
    """model.json's training_stats is malformed; the message says what is wrong."""


@dataclass(frozen=True)
class TrainingRanges:
    """Per API field (FIELDS order): the training statistics and the range beyond which a value warns."""

    fields: tuple
    stats: dict  # field -> {"min", "max", "mean", "std", "count"}
    low: np.ndarray  # -inf for a field the model does not use
    high: np.ndarray  # +inf likewise
    units: tuple | None = None  # per field, its unit for the messages; None: centimetres (Iris)
    millimetres: bool = True  # whether to say that every value is ten times a typical one (Iris)

    def __post_init__(self):
        # (low, high) per field as Python floats, for warnings_one
        object.__setattr__(self, "_bounds", tuple(zip(self.low.tolist(), self.high.tolist())))

    def warnings(self, rows: np.ndarray) -> list | None:
        """One list of warnings per row, or None when no row has any (the usual case, checked vectorised)."""
        outside = (rows < self.low) | (rows > self.high)
        if not outside.any():
            return None
        if self.millimetres:
            scaled = rows / MM_PER_CM
            millimetres = ((scaled >= self.low) & (scaled <= self.high)).all(axis=1).tolist()
        else:
            millimetres = [False] * len(rows)
        return [self._row(row, np.flatnonzero(out).tolist(), mm) if out.any() else []
                for row, out, mm in zip(rows.tolist(), outside, millimetres)]

    def warnings_one(self, row: list) -> list:
        """`warnings` for one row given as a list of floats, in plain Python: its warnings (usually none)."""
        outside = [i for i, (x, (low, high)) in enumerate(zip(row, self._bounds)) if x < low or x > high]
        if not outside:
            return []
        millimetres = self.millimetres and all(low <= x / MM_PER_CM <= high for x, (low, high) in zip(row, self._bounds))
        return self._row(row, outside, millimetres)

    def describe(self) -> dict:
        """What GET /model shows: each field's training statistics and where warnings start."""
        return {field: {**stats, "warn_below": _round(max(self.low[i], 0.0) if self.millimetres else self.low[i]), "warn_above": _round(self.high[i])}
                for i, field in enumerate(self.fields) if (stats := self.stats.get(field))}

    def _row(self, row: list, outside: list, millimetres: bool) -> list:
        """The warnings of one row whose fields at the `outside` indices are out of range."""
        notes = []
        for i in outside:
            field, stats = self.fields[i], self.stats[self.fields[i]]
            unit = " cm" if self.units is None else (f" {self.units[i]}" if self.units[i] else "")
            notes.append({
                "code": "outside_training_range",
                "field": field,
                "value": row[i],
                "training_range": {"min": stats["min"], "max": stats["max"]},
                "message": (f"{field} is {row[i]:g}{unit}, far from the {stats['min']:g} to {stats['max']:g}{unit} "
                            "the model was trained on: the prediction may be unreliable."),
            })
        if millimetres:
            notes.append({
                "code": "looks_like_millimetres",
                "message": (f"Every measurement is about {MM_PER_CM} times a typical flower's: were they "
                            f"measured in millimetres? Measurements are in centimetres ({MM_PER_CM} mm = 1 cm)."),
            })
        return notes


def as_ranges(training_stats, feature_names: list, columns: tuple, fields: tuple) -> TrainingRanges | None:
    """TrainingRanges from model.json's `training_stats` ({feature name: stats}), mapped onto the
    API fields through the model's columns; None when the artifact has none (older exports)."""
    if training_stats is None:
        return None
    if not isinstance(training_stats, dict):
        raise StatsError("training_stats must be an object keyed by feature name")
    low, high = np.full(len(fields), -np.inf), np.full(len(fields), np.inf)
    stats = {}
    for name, column in zip(feature_names, columns):
        entry = training_stats.get(name)
        if entry is None:
            continue  # a feature without statistics never warns
        entry = _check_stats(name, entry)
        width = entry["max"] - entry["min"]
        low[column], high[column] = entry["min"] - MARGIN * width, entry["max"] + MARGIN * width
        stats[fields[column]] = entry
    return TrainingRanges(tuple(fields), stats, low, high)


@dataclass(frozen=True)
class InputWarnings:
    """A format 2 contract's warnings: numbers far beyond their input's training range (TrainingRanges
    over the number inputs), and category values unseen in training where unknown ones only warn."""

    numbers: tuple  # input indices of the number inputs, in order
    ranges: TrainingRanges
    unseen: tuple  # (input index, Field) of the categories whose unknown values are answered
    whole_rows: bool  # the batch is a float matrix whose columns are exactly `numbers`

    def warnings(self, batch) -> list | None:
        """One list of warnings per row, or None when no row has any."""
        if self.whole_rows:
            return self.ranges.warnings(batch)
        rows = batch.tolist() if isinstance(batch, np.ndarray) else batch
        found = None
        if self.numbers:
            matrix = np.array([[np.nan if row[i] is None else row[i] for i in self.numbers] for row in rows],
                              dtype=np.float64).reshape(len(rows), len(self.numbers))
            found = self.ranges.warnings(matrix)
        for i, field in self.unseen:
            for r, row in enumerate(rows):
                if field.is_unseen(row[i]):
                    found = found or [[] for _ in rows]
                    found[r].append(_unseen(field, row[i]))
        return found

    def warnings_one(self, values: list) -> list:
        """`warnings` for one row of values (input order): its warnings, usually none."""
        found = self.ranges.warnings_one(values if self.whole_rows else
                                         [np.nan if values[i] is None else values[i] for i in self.numbers])
        for i, field in self.unseen:
            if field.is_unseen(values[i]):
                found = [*found, _unseen(field, values[i])]
        return found

    def describe(self) -> dict:
        return self.ranges.describe()


def _unseen(field, value) -> dict:
    """The warning for a category value the model never saw (it ignores it, e.g. OneHotEncoder's
    handle_unknown="ignore")."""
    return {"code": "unknown_category", "field": field.name, "value": value,
            "message": (f"{field.name} is {value!r}, a value not seen in training (it saw "
                        f"{', '.join(map(repr, field.values[:20]))}): the model ignores it, "
                        "so the prediction may be unreliable.")}


def as_input_warnings(spec) -> InputWarnings | None:
    """The warnings of a format 2 contract (inputs.Contract), from its number inputs' `min`/`max`
    and its categories with `unknown: "warn"`; None when there is nothing to warn about."""
    numbers = tuple(i for i, f in enumerate(spec.fields) if f.kind in ("number", "integer"))
    low, high = np.full(len(numbers), -np.inf), np.full(len(numbers), np.inf)
    stats = {}
    for k, i in enumerate(numbers):
        field = spec.fields[i]
        lowest, highest = field.spec.get("min"), field.spec.get("max")
        if lowest is None or highest is None or not lowest <= highest:
            continue  # an input without a training range never warns
        width = highest - lowest
        low[k], high[k] = lowest - MARGIN * width, highest + MARGIN * width
        stats[field.name] = {"min": lowest, "max": highest}
    unseen = tuple((i, f) for i, f in enumerate(spec.fields) if f.kind == "category" and f.unknown == "warn")
    if not stats and not unseen:
        return None
    ranges = TrainingRanges(tuple(spec.fields[i].name for i in numbers), stats, low, high,
                            units=tuple(spec.fields[i].unit for i in numbers), millimetres=spec.iris)
    return InputWarnings(numbers, ranges, unseen, spec.numeric and numbers == tuple(range(len(spec.fields))))


def _check_stats(name: str, entry) -> dict:
    """One feature's statistics: the five numbers, finite, min <= mean <= max."""
    if not isinstance(entry, dict) or any(k not in entry for k in STAT_KEYS):
        raise StatsError(f"training_stats[{name!r}] must hold {', '.join(STAT_KEYS)}")
    values = {k: entry[k] for k in STAT_KEYS}
    if not all(type(v) in (int, float) and np.isfinite(v) for v in values.values()) \
            or not values["min"] <= values["mean"] <= values["max"] or values["count"] < 1:
        raise StatsError(f"training_stats[{name!r}] must be finite numbers with min <= mean <= max, "
                         f"count >= 1; got {values}")
    return values


def _round(value: float) -> float:
    """A bound for display, rounded to what a person reads."""
    return round(float(value), 4)
