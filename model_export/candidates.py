"""The candidates a notebook trained, read from what model_export.recorder recorded as it ran.

Each classifier or regressor the notebook's own code fitted is a `Candidate`, also one it later
overwrote or fitted inside a function: its snapshot as fitted, the rows and labels it
was fitted on, and the transformer snapshots that made those rows from raw ones
(lineage), so that the model to export is `those transformers + the model` as one
Pipeline fed raw centimetres. A fitted object's last fit is its candidate (the
notebook's final word on that object); a new object is another candidate.

The held-out rows are the notebook's own split, also followed back to raw rows: the
scaler re-fitted on the test set (`X_test = scaler.fit_transform(X_test)`) only tells
which raw rows the test set holds; every candidate is scored on those raw rows through
its own pipeline.
"""
import numpy
from sklearn.pipeline import Pipeline

from ._common import as_matrix
from .column_slices import column_slice
from .array_codes import with_array_codes
from .describe import final_estimator
from .records import table_lineage
from .scoring import task_of
from .transformers import row_positions


class Candidate:
    """A classifier or regressor the notebook fitted, ready to be scored and exported."""

    def __init__(self, event, recording, model):
        self.event = event
        self.notebook_model = model
        self.at_end = recording.names_at_end(event)
        self.names = list(dict.fromkeys([*event.names, *self.at_end]))
        self.name = self.at_end[0] if self.at_end else event.name
        self.labels = None if event.y is None else event.y.current()
        self.fitted_rows = None if event.X is None else event.X.current()
        self.steps, self.raw_rows = raw_lineage(recording, event.X, event.seq)
        self.task = task_of(model)
        self.score = self.scored_by = None
        self.saw_held_out = False  # fitted on the held-out rows too (leaderboard.score_all)

    @property
    def model(self):
        """The model to export: the transformer snapshots that made its rows and the model as one
        Pipeline fed raw rows, or the model alone."""
        if not self.steps:
            return self.notebook_model
        named = [(name, made.snapshot) for name, made in self.steps]
        return Pipeline([*named, (step_name(self.name, self.notebook_model, named), self.notebook_model)])

    @property
    def estimator(self):
        """The class that predicts: the last step of a pipeline, as model.json's `estimator`."""
        return type(final_estimator(self.notebook_model)).__name__

    def evidence(self, where):
        """What the recording showed about this model, for the report; `where(line)` names a script line."""
        inside = f" in {self.event.function}()" if self.event.function else ""
        made = " <- ".join(f"{step_name}.{made.method} ({where(made.line)})" for step_name, made in self.steps[::-1])
        loop = self.event.loop
        again = f" (the last of {loop.fits:,} fits of that line)" if loop is not None and loop.fits > 1 else ""
        return (f"{self.event.name}.{self.event.method} in {where(self.event.line)}{inside}{again}"
                + (f" on rows made by {made}" if made else ""))


def candidates(recording, is_fitted_model, resolve_search):
    """Every classifier or regressor the notebook fitted (`is_fitted_model`), by its last fit, in the order of those fits (a search
    by its best estimator: `resolve_search`); each named so that no two share a name (`knn (line
    18)` for a `knn` re-bound since, `models['lr']` for one fitted in a loop over a dict or pairs)."""
    last = {}
    for event in recording.fits():
        last.pop(id(event.estimator), None)
        if event.loop is not None:  # one line fitting one kind of model again and again: its last fit
            last = {key: e for key, e in last.items() if e.loop is not event.loop}
        if is_fitted_model(resolve_search(event.snapshot)):
            last[id(event.estimator)] = event
    found = [Candidate(event, recording, resolve_search(event.snapshot))
             for event in sorted(last.values(), key=lambda e: e.seq)]
    clashing = [c for c in found if any(o is not c and c.name in (o.name, *o.event.names) for o in found)]
    for candidate in clashing:
        keyed = [n for n in candidate.names if n.endswith("]")]
        if keyed:
            candidate.name = keyed[0]
        elif not candidate.at_end:  # the live binding keeps the plain name
            candidate.name = f"{candidate.name} (line {candidate.event.line})"
    return found


def take_rows(table, positions):
    """Rows of a table (DataFrame, array or list) by position, in the table's own form."""
    if hasattr(table, "iloc"):
        return table.iloc[positions]
    if isinstance(table, list):
        return [table[i] for i in positions]
    return numpy.asarray(table)[positions]


def made_from(recording, data, before):
    """(transform event, positions) for the call before seq `before` whose output holds the rows of
    `data`: all of them in order (positions None), or a subset (a split after scaling:
    `train_test_split(scaler.fit_transform(X))`), also of some of its named columns (a scaler's
    output made a frame, then columns dropped: column_slices.py); None for rows no recorded call made."""
    exact = recording.producer(data, before)
    if exact is not None:
        return exact, None
    rows = None if data is None else data.current()
    if rows is None:
        return None
    for event in reversed(recording.events_before(before)):
        if event.method in ("fit_transform", "transform") and event.out is not None:
            made = event.out.current()
            positions = None if made is None else row_positions(as_matrix(made), as_matrix(rows))
            if positions is not None:
                return event, positions
            narrowed = column_slice(event, rows)
            if narrowed is not None:
                return narrowed
    return None


def raw_lineage(recording, data, before):
    """([(step name, transform event)...], raw rows) behind rows a call before seq `before` took:
    the transformers, first applied first, and the raw rows they started from, in the rows' order."""
    steps, positions, seen = [], None, set()
    while True:
        found = made_from(recording, data, before if not steps else steps[0][1].seq)
        if found is None or found[0].seq in seen:
            break
        made, subset = found
        seen.add(made.seq)
        steps.insert(0, (step_name(made.name, made.estimator, steps), made))
        if subset is not None:
            positions = subset if positions is None else [subset[p] for p in positions]
        data = made.X
    raw = None if data is None else data.current()
    steps, raw = with_array_codes(recording, steps, raw)
    if raw is not None and positions is not None:
        raw = take_rows(raw, positions)
    return table_lineage(steps, raw)  # a DictVectorizer's records: the service sends a table of the same fields


def step_name(name, estimator, taken):
    """A Pipeline step name from a notebook name: unique among `taken` (pairs), without '__'."""
    base = "" if name.startswith("<") else "".join(c if c.isalnum() or c == "_" else "_" for c in name.split(" ")[0])
    while "__" in base:
        base = base.replace("__", "_")
    base = base.strip("_") or type(estimator).__name__.lower()
    used = {step for step, _ in taken}
    step, n = base, 2
    while step in used:
        step, n = f"{base}_{n}", n + 1
    return step


def model_fit(recording, model=None):
    """The recording's last fit event of `model` (any model: the last fit), or None."""
    fits = [] if recording is None else recording.fits()
    if model is not None:
        model = final_estimator(model)
        fits = [e for e in fits if any(model is seen for seen in (
            e.estimator, e.snapshot, final_estimator(e.snapshot), getattr(e.snapshot, "best_estimator_", None),
            # a search's best pipeline, served by its last step (GridSearchCV over make_pipeline(...))
            final_estimator(getattr(e.snapshot, "best_estimator_", None)),
            final_estimator(getattr(e.estimator, "best_estimator_", None))))]
    return fits[-1] if fits else None


def fitted_where(recording, model=None):
    """Where the recording saw `model` fitted, as a clause for a stop message: ' (the model was
    fitted in cell 7 line 3)'; with no model (none chosen: a regressor or clusterer refused, no
    classifier found), where the notebook's last fit was. '' when the recording saw no such fit:
    issue 11 wants every stop to name the cell, and the recorder is what knows it."""
    event = model_fit(recording, model)
    if event is None:
        return ""
    inside = f" in {event.function}()" if event.function else ""
    what = "the model" if model is not None else f"the last estimator fitted, `{event.name}` ({type(event.estimator).__name__}),"
    return f" ({what} was fitted in {recording.where(event.line)}{inside})"
