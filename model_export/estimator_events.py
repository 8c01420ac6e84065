"""What the recorder keeps of one call the notebook's own code made on an estimator.

An `Event` is one recorded call (fit, transform, predict, score): the estimator, its names, its
snapshot as fitted, the data in and out. A line that fits the same kind of model again and again is
one `Loop`, whose later fits are held as a `Deferred` (by reference) until the recording needs them.
These are the records the export reads (candidates.py, transformed_columns.py, array_codes.py, ...);
they are apart from recording.py, which makes them as calls happen, and from recorder.py, which
wraps the libraries so that calls reach it: a field added to what a call keeps is added here.

Standard library only: this file is bundled into generated scripts.
"""
FITTING = frozenset({"fit", "fit_transform", "fit_predict"})
PRODUCING = frozenset({"fit_transform", "transform", "fit_predict", "predict"})  # calls whose result is data
#: Calls of one line of code recorded in full before the line counts as a loop: past it, a line's fits
#: of the same kind of model (class and parameters, and the column when it is given one column:
#: `for col in cols: df[col] = le.fit_transform(df[col])` makes a code table per column) are kept as
#: one `Loop` (its count, and a reference to its latest fit, copied only when the recording needs
#: it), and its other calls go unrecorded. A notebook that fits 30,000 models to average their
#: accuracy then costs the recorder little.
LOOP_SAMPLE = 3


class Event:
    """One call the notebook's own code made on an estimator."""

    __slots__ = ("seq", "method", "estimator", "snapshot", "names", "function", "line", "X", "y", "out",
                 "fitted_by", "loop")

    def __init__(self, seq, method, estimator, names, function, line):
        self.seq, self.method, self.estimator = seq, method, estimator
        self.names, self.function, self.line = names, function, line
        self.snapshot = None  # the estimator as this call left it fitted (fits) or found it (the others)
        self.X = self.y = self.out = None
        self.fitted_by = None  # seq of the fit event whose snapshot this call used; None: fitted unseen
        self.loop = None  # the Loop this fit belongs to (a line fitting the same kind of model again and again)

    @property
    def name(self):
        """The name the notebook held the estimator under, for messages: 'knn', 'model (in train)'."""
        if not self.names:
            return f"<unnamed {type(self.estimator).__name__}>"
        inside = f" (in {self.function})" if self.function else ""
        return f"{self.names[0]}{inside}"

    def __repr__(self):
        return f"Event({self.seq}, {self.name}.{self.method}, line {self.line})"


class Loop:
    """One line of code that fits the same kind of model (class and parameters) again and again: the
    first LOOP_SAMPLE fits are recorded as Events, later ones only counted, with the latest kept as
    a `Deferred` until the recording needs it. The export takes a loop's last fit as its one candidate."""

    __slots__ = ("fits", "latest")

    def __init__(self):
        self.fits = 0
        self.latest = None  # the Deferred of the last fit, while it is not an Event yet


class Deferred:
    """A fit inside a loop, held by reference: an Event is made of it (copied, fingerprinted, named)
    only if it is the loop's last fit when the recording stops, or when its estimator is used again
    elsewhere before that (its state must be copied before anything changes it)."""

    __slots__ = ("seq", "method", "estimator", "function", "line", "X", "y", "out", "loop")

    def __init__(self, seq, method, estimator, function, line, X, y, loop):
        self.seq, self.method, self.estimator = seq, method, estimator
        self.function, self.line, self.X, self.y, self.loop = function, line, X, y, loop
        self.out = None
