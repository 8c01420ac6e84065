"""Record the training a notebook does, as it runs, instead of guessing it afterwards.

The generated script runs this module and `install()` before the notebook's own imports.
Every class scikit-learn (or xgboost, lightgbm, imblearn) defines then has its `fit`,
`fit_transform`, `transform`, `fit_predict`, `predict` and `score` wrapped as its module is
imported. A call from the notebook's OWN code (the calling frame is the generated script and
no library frame sits above it: not the clones `cross_val_score` or a search fits) is handed to
the active `Recording` (recording.py), which keeps it as an `Event` (estimator_events.py): the
estimator, its names then (estimator_names.py), a deep copy as fitted, and the data in and out as
`Data` (fingerprints.py). Other calls cost an attribute read and a frame lookup. Recording never
changes what the notebook computes: a failure while recording is counted in `Recording.errors`
and the call goes on. The export reads the `Recording` that `stop()` returns. Once the notebook
imports pandas, its readers (reads.py), `pd.get_dummies` (pandas_calls.py) and its
`map`/`replace`/`apply` calls (recoding.py) are wrapped as well.

This module is the patching mechanism and the recorder's entry point (`install`, `stop`,
`uninstall`, `current`, `recording`): the import hook, which classes and methods are wrapped, and
undoing it all. A library whose classes should be recorded is added here (PACKAGES); what a call
keeps is recording.py's and estimator_events.py's.

Standard library only: this file is bundled into generated scripts.
"""
import functools
import os
import sys

from . import pandas_calls, reads, recoding
from .packages import ESTIMATOR_LIBRARIES
from .recording import Recording

PACKAGES = ("sklearn", *ESTIMATOR_LIBRARIES)  # estimator libraries whose classes are wrapped
METHODS = ("fit", "fit_transform", "fit_predict", "transform", "predict", "score")

_recording = None  # the active Recording; module state because wrappers outlive any one caller
_patched = []  # (owner, attribute, original) to undo on uninstall
_finder = None


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
