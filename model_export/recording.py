"""The Recording: what the training recorder saw the notebook do, made call by call as it ran.

recorder.py wraps the libraries and hands each call of the notebook's own code to the active
`Recording`: `wants` tells the notebook's calls from a library's, `before` and `after` make the call's
`Event` (estimator_events.py; a fit inside a loop only counted, its latest held as a `Deferred`), named
as the notebook names the estimator (estimator_names.py). The export then asks it what it saw: every
fit (`fits`), the transforms that made a model's rows (`lineage`), where a line sits in the notebook
(`where`), and what pandas did (`reads`, `dummies`, `recoded`, `relabelled`, kept by reads.py,
pandas_calls.py and recoding.py). It is apart from recorder.py because how calls are recorded and
queried does not depend on how the libraries are patched: a new question the export asks of the
recording, or a new kind of call it keeps, is added here.

Standard library, numpy and scikit-learn only: this file is bundled into generated scripts.
"""
import bisect
import copy
import threading

from . import pandas_calls, recoding
from .cell_lines import own_line
from .estimator_events import FITTING, LOOP_SAMPLE, PRODUCING, Deferred, Event, Loop
from .estimator_names import assignment_targets, attribute_names, bound_names, container_names
from .fingerprints import Data

MAX_EVENTS = 20_000  # past this, only fits are recorded (a predict inside a long loop is not worth the memory)


class Recording:
    """Everything recorded while the notebook ran, in call order."""

    def __init__(self, script, cells=None):
        self.script = script  # co_filename of the generated script's frames
        self.cells = cells  # the notebook's number of each code cell, in the script's order
        self.failed_cells = []  # cells that raised and were run past, as Jupyter does (failed_cells.py)
        self.events = []
        self.recoded = []  # text columns the notebook's pandas calls turned into numbers (recoding.py)
        self.partial = {}  # (id(frame), column) -> (frame, its text) while .loc writes code it (recoding.py)
        self.relabelled = []  # text columns whose values its pandas calls merged or renamed (recoding.Relabelled)
        self.reads = []  # the tables the notebook read from files (reads.Read), in order
        self.dummies = []  # pandas_calls.Dummies: the one-hot columns its pd.get_dummies calls made
        self.errors = 0  # recording steps that failed (the notebook's calls went on regardless)
        self.active = True
        self.library_dirs = set()
        self.namespace = None  # the script's globals, seen at its first recorded call
        self._fits = {}  # id(estimator) -> last fit Event of that object
        self._unseen = {}  # id(estimator) -> (estimator, snapshot) for objects used but never seen fitted
        self.final_names = {}  # id(estimator) -> its names in the script's globals when recording stopped
        self.clock = 0  # the seq of the next call: calls are numbered as they happen, events kept in that order
        self._lines = {}  # (code, line, method) -> calls made there; (code, line, method, kind) -> its Loop
        self._deferred = {}  # id(estimator) -> the Deferred fit that still holds it
        self._statements = None
        self._busy = threading.local()

    @property
    def frames_read(self):
        """The text values and number ranges of the files the notebook read (pandas_calls.FrameRead)."""
        return pandas_calls.frames_read(self.reads)

    @property
    def read(self):
        """The text columns of the files the notebook read (recoding.Read), from `reads`."""
        return recoding.texts_read(self.reads)

    def fits(self):
        """Every recorded fit, fit_transform and fit_predict, in order."""
        return [e for e in self.events if e.method in FITTING]

    def events_before(self, seq):
        """The events of the calls made before call number `seq`, in order."""
        return self.events[:bisect.bisect_left(self.events, seq, key=_seq)]

    def producer(self, data, before):
        """The last call before seq `before` whose output has the fingerprint of `data` (a Data):
        the transform that produced these rows; None for raw rows (or rows made without a recorded call)."""
        if data is None or data.fingerprint is None:
            return None
        for event in reversed(self.events):
            if event.seq < before and event.out is not None and event.out.fingerprint == data.fingerprint \
                    and event.method in ("fit_transform", "transform"):
                return event
        return None

    def lineage(self, event):
        """The transform calls that made `event`'s input rows, in order ([scaler, pca] for a model fitted
        on pca(scaler(raw))); the raw rows are lineage[0].X, or event.X when there is none."""
        chain, current, seen = [], event, set()
        while True:
            made = self.producer(current.X, current.seq)
            if made is None or made.seq in seen:
                return chain[::-1]
            seen.add(made.seq)
            chain.append(made)
            current = made

    def wants(self, caller):
        """True when the call comes from the notebook's own code: the caller is the script, and
        no library frame (cross_val_score, a search, a Pipeline) called that code."""
        if not self.active or getattr(self._busy, "on", False):
            return False
        libraries = tuple(self.library_dirs)
        frame = caller.f_back
        while frame is not None:
            if frame.f_code.co_filename.startswith(libraries):
                return False
            frame = frame.f_back
        return True

    def before(self, estimator, method, args, kwargs, caller):
        """Start an Event (or, for a fit inside a loop, a Deferred) for a call about to run; None when
        recording fails or is not wanted."""
        if len(self.events) >= MAX_EVENTS and method not in FITTING:
            return None
        self._busy.on = True
        try:
            seq, self.clock = self.clock, self.clock + 1
            function = None if caller.f_code.co_name == "<module>" else caller.f_code.co_name
            where = (caller.f_code, caller.f_lineno, method)
            calls = self._lines[where] = self._lines.get(where, 0) + 1
            held = self._deferred.get(id(estimator))
            loop = None
            if method in FITTING:
                kind = (_kind(estimator), _column_of(_argument(args, kwargs, 0, "X")))
                loop = self._lines.setdefault((*where, kind), Loop())
                loop.fits += 1
                if held is not None and held.estimator is estimator and held.loop is loop:
                    self._deferred.pop(id(estimator))  # fitted again on the same line: that fit is superseded
                    held = loop.latest = None
                if loop.fits > LOOP_SAMPLE:
                    if held is not None:
                        self.materialize(held)
                    return Deferred(seq, method, estimator, function, caller.f_lineno,
                                    _argument(args, kwargs, 0, "X"), _argument(args, kwargs, 1, "y"), loop)
            elif calls > LOOP_SAMPLE:
                return None  # a predict or score inside a loop: its first calls were recorded
            if held is not None:
                self.materialize(held)  # its estimator is used again: copy it as its loop left it
            self.namespace = caller.f_globals if self.namespace is None else self.namespace
            event = Event(seq, method, estimator, self.names_of(estimator, caller), function, caller.f_lineno)
            event.loop = loop
            features = _argument(args, kwargs, 0, "X")
            labels = _argument(args, kwargs, 1, "y")
            if features is not None:
                event.X = Data(features)
                if event.X.value is features and method in ("fit_transform", "transform") \
                        and getattr(estimator, "copy", True) is False:  # it will scale these rows in place
                    event.X.value, event.X.copied = copy.deepcopy(features), True
            if labels is not None:
                event.y = Data(labels)
            if method not in FITTING:
                fitted = self._fits.get(id(estimator))
                if fitted is not None and fitted.estimator is estimator:
                    event.fitted_by, event.snapshot = fitted.seq, fitted.snapshot
                else:  # fitted where the recorder could not see (loaded from a file, fitted in a library)
                    kept = self._unseen.get(id(estimator))
                    if kept is None or kept[0] is not estimator:
                        kept = self._unseen[id(estimator)] = (estimator, _snapshot(estimator))
                    event.snapshot = kept[1]
            return event
        except Exception:
            self.errors += 1
            return None
        finally:
            self._busy.on = False

    def after(self, event, result):
        """Finish an Event once its call returned: the fitted snapshot, the data that came out. A
        Deferred fit becomes its loop's latest, by reference (the previous latest is forgotten)."""
        self._busy.on = True
        try:
            if type(event) is Deferred:
                event.out = result if event.method in PRODUCING else None
                previous = event.loop.latest
                if previous is not None and self._deferred.get(id(previous.estimator)) is previous:
                    del self._deferred[id(previous.estimator)]
                event.loop.latest = self._deferred[id(event.estimator)] = event
                return
            if event.method in FITTING:
                event.snapshot = _snapshot(event.estimator)
                event.fitted_by = event.seq
                self._fits[id(event.estimator)] = event
            if event.method in PRODUCING:
                event.out = Data(result)
            self.resolve_pending()
            self.events.append(event)
        except Exception:
            self.errors += 1
        finally:
            self._busy.on = False

    def materialize(self, deferred):
        """Make the Event of a Deferred fit (its estimator copied as it is now, which is as that fit
        left it), in its place among the events; it stops being its loop's latest."""
        self._deferred.pop(id(deferred.estimator), None)
        if deferred.loop.latest is deferred:
            deferred.loop.latest = None
        event = Event(deferred.seq, deferred.method, deferred.estimator, [], deferred.function, deferred.line)
        event.loop = deferred.loop
        event.names = (bound_names(deferred.estimator, self.namespace) if self.namespace is not None else []) \
            or self.assigned_at(deferred.line)
        event.X = None if deferred.X is None else Data(deferred.X)
        event.y = None if deferred.y is None else Data(deferred.y)
        event.out = None if deferred.out is None else Data(deferred.out)
        event.snapshot, event.fitted_by = _snapshot(deferred.estimator), deferred.seq
        self._fits[id(deferred.estimator)] = event
        bisect.insort(self.events, event, key=_seq)
        return event

    def materialize_all(self):
        """Make Events of every loop's latest fit still held by reference."""
        for deferred in sorted(self._deferred.values(), key=_seq):
            self.materialize(deferred)

    def names_of(self, estimator, caller):
        """The estimator's names at this call: caller's locals, globals, `models['knn']`, else the
        targets of the assignment the call sits in (`model = SVC().fit(X, y)` binds after the call)."""
        names = []
        module = caller.f_globals.get("__name__")
        if caller.f_code.co_name != "<module>":
            names += bound_names(estimator, caller.f_locals) + attribute_names(estimator, caller.f_locals, module)
        names += bound_names(estimator, caller.f_globals)
        names += container_names(estimator, caller.f_globals)
        if not names:
            names = self.assigned_at(caller.f_lineno) or attribute_names(estimator, caller.f_globals, module)
        return list(dict.fromkeys(names))

    def resolve_pending(self):
        """Name the estimators of earlier top-level events that had no name when called
        (`model = SVC().fit(X, y)`): by the time the next call comes, the assignment is done."""
        for event in reversed(self.events[-5:]):
            if not event.names and event.function is None and self.namespace is not None:
                event.names = bound_names(event.estimator, self.namespace)

    def name_survivors(self):
        """Note the names each fitted estimator has in the script's globals at the end (`lr` for the
        `m` a function fitted and returned): a conventional name there counts when choosing."""
        module = None if self.namespace is None else self.namespace.get("__name__")
        for event in self.fits() if self.namespace is not None else ():
            self.final_names[id(event.estimator)] = (bound_names(event.estimator, self.namespace)
                                                     or attribute_names(event.estimator, self.namespace, module))

    def names_at_end(self, event):
        """The names `event`'s estimator object had in the notebook's globals when recording stopped."""
        return list(self.final_names.get(id(event.estimator), []))

    def where(self, line):
        """'cell 7 line 2' for a line of the script, numbered as convert.py's report numbers cells
        (nbconvert writes `# In[ ]:` and two blank lines before each code cell); else 'line 230'."""
        try:
            with open(self.script, encoding="utf-8") as handle:
                lines = handle.read().splitlines()[:line]
        except (OSError, ValueError):
            lines = []
        markers = [number for number, text in enumerate(lines, 1) if text.startswith("# In[")]
        if not self.cells or not markers or len(markers) > len(self.cells) or line - markers[-1] < 3:
            return f"line {line} of the script"
        own = own_line(lines, markers[-1] + 1, line)
        return f"cell {self.cells[len(markers) - 1]} line {own if own is not None else line - markers[-1] - 2}"

    def assigned_at(self, line):
        """Targets of the script's assignment statement spanning `line`, as source text."""
        if self._statements is None:
            self._statements = assignment_targets(self.script)
        return list(self._statements.get(line, []))


def _seq(event):
    return event.seq


def _argument(args, kwargs, position, name):
    """A call's argument given by position or by keyword (X, y), or None."""
    return args[position] if len(args) > position else kwargs.get(name)


def _kind(estimator):
    """What makes two fits on one line the same kind of model: the class and its parameters (a
    loop over models or hyperparameters fits several kinds; repeated random splits fit one)."""
    try:
        params = estimator.get_params(deep=False)
    except Exception:
        return type(estimator), id(estimator)
    return type(estimator), tuple((key, value if isinstance(value, (int, float, str, bool, type(None)))
                                   else type(value).__name__) for key, value in sorted(params.items()))


def _column_of(data):
    """The name of the one column a fit is given (`le.fit_transform(df[col])`, `oe.fit(df[[col]])`), else
    None: a loop over columns fits an encoder per column, each a table of its own, not one loop."""
    try:
        if getattr(data, "ndim", None) == 1:
            name = getattr(data, "name", None)
        else:
            columns = getattr(data, "columns", None)
            name = columns[0] if getattr(data, "ndim", None) == 2 and columns is not None and len(columns) == 1 else None
        hash(name)
        return name
    except Exception:  # an exotic container: no column, the fits of its line are one loop
        return None


def _snapshot(estimator):
    """A deep copy of the estimator as it is now; the estimator itself when it cannot be copied."""
    try:
        return copy.deepcopy(estimator)
    except Exception:
        return estimator
