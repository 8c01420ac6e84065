"""Saying when a flower is unlike anything the model learned from.

A model answers confidently far outside its training data: a petal length of
50 cm (a slipped decimal point, or millimetres typed for centimetres) gets
"virginica" with probability 1. model.json's optional `training_stats` records,
per feature, what the training rows looked like (min, max, mean, std, count);
a value beyond that range, widened by MARGIN, gets a warning beside the
prediction, which stays as it is. Without `training_stats` (older artifacts)
there are no warnings.
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

    def __post_init__(self):
        # (low, high) per field as Python floats, for warnings_one
        object.__setattr__(self, "_bounds", tuple(zip(self.low.tolist(), self.high.tolist())))

    def warnings(self, rows: np.ndarray) -> list | None:
        """One list of warnings per row, or None when no row has any (the usual case, checked vectorised)."""
        outside = (rows < self.low) | (rows > self.high)
        if not outside.any():
            return None
        scaled = rows / MM_PER_CM
        millimetres = ((scaled >= self.low) & (scaled <= self.high)).all(axis=1)
        return [self._row(row, np.flatnonzero(out).tolist(), mm) if out.any() else []
                for row, out, mm in zip(rows.tolist(), outside, millimetres.tolist())]

    def warnings_one(self, row: list) -> list:
        """`warnings` for one row given as a list of floats, in plain Python: its warnings (usually none)."""
        outside = [i for i, (x, (low, high)) in enumerate(zip(row, self._bounds)) if x < low or x > high]
        if not outside:
            return []
        millimetres = all(low <= x / MM_PER_CM <= high for x, (low, high) in zip(row, self._bounds))
        return self._row(row, outside, millimetres)

    def describe(self) -> dict:
        """What GET /model shows: each field's training statistics and where warnings start."""
        return {field: {**stats, "warn_below": _round(max(self.low[i], 0.0)), "warn_above": _round(self.high[i])}
                for i, field in enumerate(self.fields) if (stats := self.stats.get(field))}

    def _row(self, row: list, outside: list, millimetres: bool) -> list:
        """The warnings of one row whose fields at the `outside` indices are out of range."""
        notes = []
        for i in outside:
            field, stats = self.fields[i], self.stats[self.fields[i]]
            notes.append({
                "code": "outside_training_range",
                "field": field,
                "value": row[i],
                "training_range": {"min": stats["min"], "max": stats["max"]},
                "message": (f"{field} is {row[i]:g} cm, far from the {stats['min']:g} to {stats['max']:g} cm "
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
