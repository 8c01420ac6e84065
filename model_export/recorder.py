"""Record the training a notebook does, as it runs, instead of guessing it afterwards.

The generated script runs this module and `install()` before the notebook's own imports.
Every class scikit-learn (or xgboost, lightgbm, imblearn) defines then has its `fit`,
`fit_transform`, `transform`, `fit_predict`, `predict` and `score` wrapped as its module is
imported. A call from the notebook's OWN code (the calling frame is the generated script and
no library frame sits above it: not the clones `cross_val_score` or a search fits) becomes an
`Event`: the estimator, its names then (caller's locals and globals, else the assignment the
call sits in), a deep copy as fitted (`snapshot`; a transform refers to the fit that made
it), and the data in and out as `Data` (content fingerprint; the value when small, copied,
never a copy of big data). Other calls cost an attribute read and a frame lookup. Recording
never changes what the notebook computes: a failure while recording is counted in
`Recording.errors` and the call goes on. The export reads the `Recording` that `stop()`
returns: every classifier the notebook fitted (also overwritten ones, or ones fitted inside a
function) and the lineage of its training rows through the transformers that made them. Once
the notebook imports pandas, its `map`/`replace`/`apply` calls and readers are watched as well
(recoding.py): the code tables that turn its text columns into numbers, and the text it read.

pandas' readers are wrapped too (reads.py): the tables the notebook read from its data files, as
read, so that the export can name a renamed column as the data names it.

Standard library, numpy and scikit-learn only: this file is bundled into generated scripts.
"""
import ast
import bisect
import copy
import functools
import os
import sys
import threading

from . import pandas_calls, reads, recoding
from .cell_lines import own_line
from .fingerprints import Data
from .packages import ESTIMATOR_LIBRARIES

PACKAGES = ("sklearn", *ESTIMATOR_LIBRARIES)  # estimator libraries whose classes are wrapped
METHODS = ("fit", "fit_transform", "fit_predict", "transform", "predict", "score")
FITTING = frozenset({"fit", "fit_transform", "fit_predict"})
PRODUCING = frozenset({"fit_transform", "transform", "fit_predict", "predict"})  # calls whose result is data
MAX_EVENTS = 20_000  # past this, only fits are recorded (a predict inside a long loop is not worth the memory)
#: Calls of one line of code recorded in full before the line counts as a loop: past it, a line's fits
#: of the same kind of model (class and parameters, and the column when it is given one column:
#: `for col in cols: df[col] = le.fit_transform(df[col])` makes a code table per column) are kept as
#: one `Loop` (its count, and a reference to its latest fit, copied only when the recording needs
#: it), and its other calls go unrecorded. A notebook that fits 30,000 models to average their
#: accuracy then costs the recorder little.
LOOP_SAMPLE = 3

_recording = None  # the active Recording; module state because wrappers outlive any one caller
_patched = []  # (owner, attribute, original) to undo on uninstall
_finder = None


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
        event.names = (_bound(deferred.estimator, self.namespace) if self.namespace is not None else []) \
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
            names += _bound(estimator, caller.f_locals) + _kept_by(estimator, caller.f_locals, module)
        names += _bound(estimator, caller.f_globals)
        names += _held_in(estimator, caller.f_globals)
        if not names:
            names = self.assigned_at(caller.f_lineno) or _kept_by(estimator, caller.f_globals, module)
        return list(dict.fromkeys(names))

    def resolve_pending(self):
        """Name the estimators of earlier top-level events that had no name when called
        (`model = SVC().fit(X, y)`): by the time the next call comes, the assignment is done."""
        for event in reversed(self.events[-5:]):
            if not event.names and event.function is None and self.namespace is not None:
                event.names = _bound(event.estimator, self.namespace)

    def name_survivors(self):
        """Note the names each fitted estimator has in the script's globals at the end (`lr` for the
        `m` a function fitted and returned): a conventional name there counts when choosing."""
        module = None if self.namespace is None else self.namespace.get("__name__")
        for event in self.fits() if self.namespace is not None else ():
            self.final_names[id(event.estimator)] = (_bound(event.estimator, self.namespace)
                                                     or _kept_by(event.estimator, self.namespace, module))

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
            self._statements = {}
            try:
                with open(self.script, encoding="utf-8") as handle:
                    tree = ast.parse(handle.read())
            except (OSError, SyntaxError, ValueError):
                tree = ast.Module(body=[], type_ignores=[])
            for node in ast.walk(tree):  # `m = Estimator(...).fit(...)`: fit returns the estimator
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call) \
                        and getattr(node.value.func, "attr", None) == "fit":
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    texts = [ast.unparse(t) for t in targets if isinstance(t, (ast.Name, ast.Attribute, ast.Subscript))]
                    for number in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                        self._statements.setdefault(number, texts)
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


def _bound(value, namespace):
    """The public names bound to `value` in a namespace."""
    return [n for n, v in list(namespace.items()) if v is value and not n.startswith("_")]


def _kept_by(estimator, namespace, module):
    """`iris_model.model`, `self.clf`: the estimator as an attribute of an object of a class the
    notebook defines (a wrapper whose own code fits it)."""
    found = []
    for name, value in list(namespace.items()):
        if type(value).__module__ == module and not isinstance(value, type):
            found += [f"{name}.{key}" for key, item in list(getattr(value, "__dict__", {}).items()) if item is estimator]
    return found


def _held_in(estimator, namespace):
    """`models['knn']`, `models[2]` for an estimator held one level inside a dict or list the
    notebook keeps (and `pairs[0][1]` inside a list of (name, model) tuples)."""
    found = []
    for name, value in list(namespace.items()):
        if name.startswith("_"):
            continue
        if isinstance(value, dict) and len(value) <= 1000:
            found += [f"{name}[{key!r}]" for key, item in list(value.items()) if item is estimator]
        elif isinstance(value, (list, tuple)) and len(value) <= 1000:
            for i, item in enumerate(value):
                if item is estimator:
                    found.append(f"{name}[{i}]")
                elif isinstance(item, tuple) and any(x is estimator for x in item):
                    label = next((x for x in item if isinstance(x, str)), None)
                    found.append(f"{name}[{label!r}]" if label else f"{name}[{i}]")
    return found


def _snapshot(estimator):
    """A deep copy of the estimator as it is now; the estimator itself when it cannot be copied."""
    try:
        return copy.deepcopy(estimator)
    except Exception:
        return estimator


# --- wrapping the libraries' classes ------------------------------------------------

def _wrapped(original, method):
    """`original` with recording around it; the same function when the recorder is off."""

    @functools.wraps(original)
    def observed(self, *args, **kwargs):
        recording = _recording
        if recording is None or not recording.active:
            return original(self, *args, **kwargs)
        caller = sys._getframe(1)
        if caller.f_code.co_filename != recording.script or not recording.wants(caller):
            return original(self, *args, **kwargs)
        event = recording.before(self, method, args, kwargs, caller)
        result = original(self, *args, **kwargs)
        if event is not None:
            recording.after(event, result)
        return result

    observed.__observed__ = original
    return observed


def _patch_class(cls):
    """Wrap the recorded methods a class defines itself (inherited ones where defined); of an
    `available_if` descriptor its `.fn`, so `hasattr(search, "predict_proba")` still works."""
    for method in METHODS:
        attribute = cls.__dict__.get(method)
        if attribute is None:
            continue
        if not callable(attribute) and callable(getattr(attribute, "fn", None)):  # available_if
            owner, key, original = attribute, "fn", attribute.fn
        else:
            owner, key, original = cls, method, attribute
        if not callable(original) or isinstance(original, (staticmethod, classmethod, type)) \
                or getattr(original, "__observed__", None) is not None:
            continue
        try:
            setattr(owner, key, _wrapped(original, method))
        except (TypeError, AttributeError):  # a C type or a read-only descriptor: left unrecorded
            continue
        _patched.append((owner, key, original))


def _patch_module(module):
    """Wrap the classes a module of an estimator library defines."""
    name = getattr(module, "__name__", "")
    for value in list(vars(module).values()):
        if isinstance(value, type) and getattr(value, "__module__", None) == name:
            _patch_class(value)
    if _recording is not None and "." not in name and getattr(module, "__file__", None):
        _recording.library_dirs.add(os.path.dirname(os.path.abspath(module.__file__)) + os.sep)


def _library_module(name):
    return name.split(".", 1)[0] in PACKAGES


def _after_import(module):
    """Wrap what a module just imported holds: an estimator library's classes; pandas' readers
    (reads.py), get_dummies (pandas_calls.py) and its recoding methods (recoding.py)."""
    if getattr(module, "__name__", "") == "pandas":
        if getattr(module, "DataFrame", None) is not None and getattr(module, "Series", None) is not None:
            reads.patch(module, current, _patched)
            pandas_calls.wrap(module, recording, _patched)
            _patched.extend(recoding.patch(module, recording))
    else:
        _patch_module(module)


class _Finder:
    """A meta path finder that has the real finders find an estimator library's modules, then
    wraps each module's classes right after the module ran, before anyone uses them."""

    def find_spec(self, name, path=None, target=None):
        if not _library_module(name) and name != "pandas":
            return None
        for finder in sys.meta_path:
            if finder is self or not callable(getattr(finder, "find_spec", None)):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        execute = getattr(loader, "exec_module", None)
        if execute is None or getattr(execute, "__observed__", None) is not None:
            return spec

        def exec_module(module):
            execute(module)
            _after_import(module)

        exec_module.__observed__ = execute
        try:
            loader.exec_module = exec_module  # on this module's own loader object: its type stays
        except (AttributeError, TypeError):
            pass
        return spec


def install(script=None, cells=None):
    """Record the calls made by code in file `script` (default: the caller's, the generated script);
    libraries are wrapped as they load (already loaded ones now). `cells`: the notebook's number of
    each code cell, in order (for `Recording.where`). Returns the Recording."""
    global _recording, _finder
    if script is None:
        script = sys._getframe(1).f_code.co_filename
    _recording = Recording(script, cells)
    if _finder is None:
        _finder = _Finder()
        sys.meta_path.insert(0, _finder)
    for name, module in list(sys.modules.items()):
        if module is not None and (_library_module(name) or name == "pandas"):
            _after_import(module)
    return _recording


def current():
    """The active Recording, or None (failed_cells.record keeps each failed cell on it)."""
    return _recording


def stop():
    """Stop recording (the export's calls are not the notebook's); the Recording, or None."""
    if _recording is not None and _recording.active:
        _recording.active = False
        _recording.materialize_all()
        _recording.resolve_pending()
        _recording.name_survivors()
    return _recording


def uninstall():
    """Undo every wrap and remove the import hook (for tests that install in-process)."""
    global _finder, _recording
    stop()
    while _patched:
        owner, key, original = _patched.pop()
        try:
            setattr(owner, key, original)
        except (TypeError, AttributeError):
            pass
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = _recording = None


def recording():
    """The current Recording, or None when the recorder is not installed."""
    return _recording
