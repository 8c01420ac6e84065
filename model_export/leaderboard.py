"""Choose the best of the models a notebook trained for its main target, and say why.

Only candidates trained for the notebook's main target compete (targets.py: a binary
detector beside the 3-class model, a regressor beside the classifier, are set aside).
Every candidate (model_export.candidates) is scored the same way (scoring.py), through
its own pipeline on raw rows: on the notebook's held-out split when it has one, else by
cross-validated accuracy (R² for a regressor) on its own training rows. A candidate fitted on the held-out
rows too (fitted on all the rows, or re-fitted on them after its test) would score them
from memory: it is scored by cross-validation instead and ranked after the candidates
the split really tests, and if chosen, gated that way. The best score wins; a tie goes
to a conventional name (best_model, model, ...), then to the last fitted. `--model-var`
overrides the choice. The leaderboard is printed and kept in model.json (`candidates`).
"""
import warnings

import numpy

from ._common import ExportError, as_matrix, resolve_search
from .globals_model import CONVENTIONAL_MODEL_NAMES, is_fitted_model
from .data import HELD_OUT_PAIRS, OBSERVED_TEST, OBSERVED_TRAIN, find_held_out_names
from .fingerprints import Data
from .candidates import candidates, raw_lineage
from .scoring import CLASSIFICATION, CV_METRIC, METRIC, SAID, cross_validated, described, score
from .targets import main_target
from .transformers import row_positions


class HeldOut:
    """The notebook's held-out split in raw rows: `rows`, `labels`, and where they came from."""

    def __init__(self, rows, labels, source):
        self.rows, self.labels, self.source = rows, labels, source

    def describe(self, task):
        return described(task, self.source, len(self.labels))


def held_out_split(recording, namespace, candidates, find_names):
    """The notebook's held-out split as raw rows, or None. `find_names(namespace, model)` gives the
    (X, y) names of a split the model takes (X_test/y_test, ...); else the rows and labels the
    notebook passed to a candidate's score(). Rows a transformer made (`X_test =
    scaler.transform(X_test)`, or the slip `scaler.fit_transform(X_test)`) are followed back
    to the raw rows they came from, so every candidate meets the same raw rows."""
    found = None
    for candidate in reversed(candidates):
        names = find_names(namespace, candidate.notebook_model)
        if names is not None:
            found = namespace[names[0]], namespace[names[1]], names[0]
            break
    if found is None:
        scored = [e for e in recording.events if e.method == "score" and e.X is not None and e.y is not None
                  and e.X.current() is not None and e.y.current() is not None]
        if scored:
            found = scored[-1].X.current(), scored[-1].y.current(), f"the rows of {scored[-1].name}.score()"
    if found is None:
        return None
    rows, labels, source = found
    _, raw = raw_lineage(recording, Data(rows), recording.clock)
    return HeldOut(rows if raw is None else raw, labels, source)


def saw_held_out(candidate, held_out):
    """Whether every held-out row is among the rows the candidate was fitted on."""
    if held_out is None or candidate.raw_rows is None:
        return False
    return row_positions(as_matrix(candidate.raw_rows), as_matrix(held_out.rows)) is not None


def score_all(candidates, held_out):
    """Score every candidate in place: on the held-out split, else (no split, or the candidate was
    fitted on it) cross-validated."""
    for candidate in candidates:
        candidate.saw_held_out = saw_held_out(candidate, held_out)
        if held_out is not None and not candidate.saw_held_out:
            candidate.score = score(candidate.model, held_out.rows, held_out.labels, candidate.task)
            candidate.scored_by = held_out.describe(candidate.task)
        else:
            candidate.score = cross_validated(candidate.model, candidate.raw_rows, candidate.labels, candidate.task)
            candidate.scored_by = described(candidate.task) + (
                f" (it was fitted on {held_out.source} too)" if candidate.saw_held_out else "")
    return candidates


def conventional_rank(candidate, conventional):
    """Position of the candidate's best conventional name in `conventional`; len() when none."""
    ranks = [conventional.index(n) for n in candidate.names if n in conventional]
    return min(ranks, default=len(conventional))


def ranked(candidates, conventional):
    """Candidates best first: score (unscored last), then conventional name, then last fitted."""
    def key(candidate):
        score = -1.0 if candidate.score is None else candidate.score
        return (candidate.saw_held_out, -score, conventional_rank(candidate, conventional), -candidate.event.seq)
    return sorted(candidates, key=key)


def pick(candidates, conventional, model_var=None):
    """(chosen candidate, why): `model_var` when a candidate bears that name (the live one first),
    else the best ranked; None when model_var names no candidate (the caller looks further)."""
    order = ranked(candidates, conventional)
    if model_var:
        named = [c for c in order if model_var in c.at_end] or [c for c in order if model_var in c.names]
        return (named[0], f"--model-var {model_var}") if named else (None, None)
    best = order[0]
    if best.score is None:
        return best, "no candidate could be scored; the last fitted under the most conventional name"
    tied = [c for c in order[1:] if c.score == best.score]
    why = f"best {best.scored_by}: {best.score:.4f}"
    if tied:
        rule = ("a conventional name" if conventional_rank(best, conventional) < conventional_rank(tied[0], conventional)
                else "the last fitted")
        why += f"; tied with {', '.join(c.name for c in tied)}, chosen as {rule}"
    return best, why


def leaderboard(order):
    """The candidates, as `ranked` ordered them (best first), as model.json's `candidates` list."""
    return [{"name": c.name, "estimator": c.estimator, "score": c.score, "scored_by": c.scored_by} for c in order]


def sole_entry(name, estimator, metrics, has_held_out, task):
    """The leaderboard of a model read from the notebook's globals (none seen fitted: loaded from a
    file): that one model, scored as the gate scores it (`score` None when it could not be)."""
    key = (METRIC if has_held_out else CV_METRIC)[task]
    how = f"held-out {SAID[task]}" if has_held_out else described(task)
    return [{"name": name, "estimator": estimator, "score": metrics.get(key), "scored_by": how if key in metrics else None}]


def report(board, chosen, why, where, place=0):
    """Lines for the build's output: the leaderboard (when there is a choice), the choice (at index
    `place` of the board: candidates can share a name), why, and the evidence (`where(line)` names a
    line of the script as convert.py's report does)."""
    kind = "regressor" if getattr(chosen, "task", CLASSIFICATION) != CLASSIFICATION else "classifier"
    evidence = f"evidence: {chosen.evidence(where)}"
    if len(board) == 1:
        row = board[0]
        score = "" if row["score"] is None else f", {row['scored_by']} {row['score']:.4f}"
        return [f"export: `{chosen.name}` ({row['estimator']}) is the one {kind} the notebook trained{score}; {evidence}"]
    width = max(len(row["name"]) for row in board)
    lines = [f"export: {len(board)} {kind}s trained by the notebook, best first:"]
    for index, row in enumerate(board):
        score = "   n/a" if row["score"] is None else f"{row['score']:.4f}"
        mark = " <- exported" if index == place else ""
        lines.append(f"export:   {index + 1:2}. {row['name']:<{width}}  {row['estimator']:<28} {score}{mark}")
    lines.append(f"export: chose `{chosen.name}` ({why}); {evidence}")
    return lines


def observed_model(namespace, recording, model_var=None):
    """(name, model, namespace view, leaderboard) for the model chosen among the classifiers the
    recording saw the notebook fit; the view holds its raw training rows and labels and the raw
    held-out split under the names data.py reads first. None when the recording saw no classifier
    (a model loaded from a file) or model_var names none of them: the namespace decides then."""
    found = [] if recording is None else candidates(recording, is_fitted_model, resolve_search)
    if not found:
        return None
    found, set_aside = main_target(found, model_var)
    split = held_out_split(recording, namespace, found, find_held_out_names)
    score_all(found, split)
    chosen, why = pick(found, CONVENTIONAL_MODEL_NAMES, model_var)
    if chosen is None:
        return None
    order = ranked(found, CONVENTIONAL_MODEL_NAMES)
    board = leaderboard(order)
    for line in report(board, chosen, why, recording.where, order.index(chosen)):
        print(line)
    for line in set_aside:
        print(f"export: {line}")
    check_lineage(chosen)
    name = chosen.name
    if chosen.steps:
        steps = [step for step, _ in chosen.steps]
        print(f"export: `{name}` was trained on {' -> '.join(steps)}'s output; exporting "
              f"{' + '.join([*steps, name])} as one pipeline")
        name = "+".join([*steps, name])
    view = dict(namespace)
    if chosen.raw_rows is not None and chosen.labels is not None:
        view.update(zip(OBSERVED_TRAIN, (chosen.raw_rows, chosen.labels)))
    if split is not None and chosen.saw_held_out:
        print(f"export: `{chosen.name}` was fitted on {split.source} too, so they test nothing: "
              "gated on cross-validated accuracy instead")
        for pair in HELD_OUT_PAIRS:
            for held_out_name in pair:
                view.pop(held_out_name, None)
    elif split is not None:
        view.update(zip(OBSERVED_TEST, (split.rows, split.labels)))
    return name, chosen.model, view, board


def check_lineage(chosen):
    """The rebuilt pipeline, given the raw rows, must predict what the notebook's model predicted on
    the rows it was fitted on: proof that the recorded transformers are the ones that made them."""
    if not chosen.steps or chosen.raw_rows is None or chosen.fitted_rows is None:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same = numpy.array_equal(numpy.asarray(chosen.model.predict(chosen.raw_rows)),
                                     numpy.asarray(chosen.notebook_model.predict(chosen.fitted_rows)))
    except Exception as error:  # a pipeline that cannot even run on its own rows is no proof
        same, detail = False, f" ({type(error).__name__}: {error})"
    else:
        detail = ""
    if not same:
        steps = " -> ".join(name for name, _ in chosen.steps)
        raise ExportError(
            f"`{chosen.name}` was fitted on rows made by {steps}, but those transformers applied to the raw rows "
            f"do not reproduce its predictions{detail}; the rows were changed in between. Put the "
            "preprocessing and the model in one Pipeline and fit that on the raw measurements.")
