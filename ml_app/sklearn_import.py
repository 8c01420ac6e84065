"""Import scikit-learn as serving needs it: without pandas (and rich), and with fitting's modules deferred.

scikit-learn 1.9's `sklearn.utils.fixes` runs `import pandas` at import time
whenever pandas is installed, and keeps the module in a name nothing reads:
the code that works on DataFrames imports pandas itself when it gets one.
That import is about 0.25 s of start-up. The service hands the model NumPy
arrays only, and the serving image (requirements/serve.txt) has no pandas at
all, so here scikit-learn is imported as if pandas were absent, as it is in
production. pandas stays importable afterwards: a model whose pickle holds
pandas objects still loads (joblib imports pandas then).

`scipy.stats` is the other half of the import (about 0.3 s of a start-up
budgeted at 0.5 s: a hundred distributions built and documented at import
time), and serving never calls it: scikit-learn imports it at module level
(`sklearn.utils.fixes`, and `from scipy.stats import gmean` in the loss module
every linear model and booster loads) but uses it only inside functions that
fitting, scoring or searching call. So it is imported on first use instead:
`sys.modules["scipy.stats"]` holds a `_DeferredModule` until anything reads
one of its attributes, and a name scikit-learn's own modules import from it
(`gmean`) is a `_DeferredName` that imports scipy.stats when first called or
read. Whatever uses it gets the real thing, only later; the package's own
submodules (a pickle naming `scipy.stats._distn_infrastructure`) import as
usual, without importing the package first.

The same holds for scipy.optimize (and the scipy.fft and scipy.spatial it
imports), which only solvers use, and for scikit-learn's own
sklearn.utils.optimize, which every linear model's module imports names
from: a further 0.5 G of the 3.3 G instructions from spawn to a loaded model
in gunicorn's master (cachegrind), 14%. scikit-learn
1.9's progress-bar callback imports rich when installed; the serving image
does not install it, so it is imported as absent, like pandas. A stand-in
asked for `__path__` (an import statement asks, to tell a package) answers
that it has none rather than import the module.
"""
import importlib
import importlib.util
import opcode
import sys
import types

#: Optional packages scikit-learn imports at module level when installed, which requirements/serve.txt
#: does not install, each with the scikit-learn module that imports it: that module is imported as if
#: the package were absent, as it is in the serving image (the package stays importable later).
ABSENT_WHEN_SERVING = {"pandas": "sklearn.utils.fixes", "rich": "sklearn.callback._progressbar"}
#: The modules deferred: each is fitting's, searching's or scoring's, never a fitted model's
#: predict (scipy.optimize: the solvers; sklearn.utils.optimize: the Newton solvers, which import
#: scipy.optimize's private line search; not sklearn.model_selection: imbalanced-learn's pickles then
#: failed to load). In this order: deferring a module imports its parent package, so scikit-learn's
#: come last, once every module importing `sklearn.utils` pulls in is deferred.
DEFERRED = ("scipy.stats", "scipy.interpolate", "scipy.integrate", "scipy.optimize", "scipy.spatial", "scipy.fft",
            "numpy.f2py", "pydoc",
            "sklearn.utils.optimize")
#: The package whose `from ... import name` statements get a _DeferredName.
_DEFERRING_FOR = "sklearn."
#: The instructions of `from module import name` (and of `import a.b as c`).
_IMPORT_OPS = frozenset((opcode.opmap["IMPORT_NAME"], opcode.opmap["IMPORT_FROM"]))


def import_sklearn():
    """`import sklearn` as the serving image has it: without the packages that image lacks
    (ABSENT_WHEN_SERVING), with the DEFERRED modules imported on first use; as is when
    scikit-learn is already imported."""
    if "sklearn" in sys.modules:
        import sklearn

        return sklearn
    absent = [name for name in ABSENT_WHEN_SERVING if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # the documented way to make `import name` raise ImportError
    try:
        for name in DEFERRED:
            if name not in sys.modules:
                defer_import(name)
        import sklearn

        for name in absent:
            if importlib.util.find_spec(ABSENT_WHEN_SERVING[name]) is not None:  # (scikit-learn < 1.9 has no callbacks)
                importlib.import_module(ABSENT_WHEN_SERVING[name])
    finally:
        for name in absent:
            del sys.modules[name]
    return sklearn


def defer_import(name: str) -> types.ModuleType:
    """Put a `_DeferredModule` for the (not yet imported) module `name` in sys.modules and
    on its parent package; returns it."""
    parent_name, _, child = name.rpartition(".")
    parent = importlib.import_module(parent_name) if parent_name else None
    spec = importlib.util.find_spec(name)
    stand_in = _DeferredModule(spec)
    if not any(isinstance(finder, _PackageFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PackageFirst())
    sys.modules[name] = stand_in
    if parent is not None:
        setattr(parent, child, stand_in)
    return stand_in


def imported_module(name: str) -> types.ModuleType | None:
    """sys.modules[name] if that module has been imported for real, else None (a deferred module
    not used yet holds no class anything was made from)."""
    module = sys.modules.get(name)
    if isinstance(module, _DeferredModule):
        return module.__dict__.get("_DeferredModule__real")
    return module


class _PackageFirst:
    """An import finder: a submodule of a deferred package (a pickle naming
    `scipy.interpolate._bsplines`) imports the real package first, as Python always does,
    since a package's modules may rely on its `__init__` having run."""

    def find_spec(self, name, path, target=None):
        stand_in = sys.modules.get(name.rpartition(".")[0])
        if not isinstance(stand_in, _DeferredModule):
            return None
        stand_in.imported()
        if name in sys.modules:  # the package imported it: that module is the one
            return importlib.util.spec_from_loader(name, _Imported(sys.modules[name]))
        return None  # the usual finders take it from here, the package now in place


class _Imported:
    """The loader of a module that is already imported: it hands over that module."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _DeferredModule(types.ModuleType):
    """Stands for a module not imported yet: its spec and path are real (so its submodules
    import as usual); reading any other attribute imports the module and reads it there."""

    def __init__(self, spec):
        super().__init__(spec.name)
        self.__spec__ = spec
        self.__loader__ = spec.loader
        self.__file__ = spec.origin
        self.__package__ = spec.parent
        if spec.submodule_search_locations is not None:  # a package
            self.__path__ = list(spec.submodule_search_locations)

    def __getattr__(self, name: str):
        if name == "__path__":  # a module, not a package (whose __path__ is set above): the import
            raise AttributeError(name)  # statement asks, and asking must not import it
        if "_DeferredModule__real" not in self.__dict__ and not name.startswith("__") and _imported_from_sklearn():
            # `from scipy.stats import gmean`, `from sklearn.utils.optimize import _newton_cg` in scikit-learn
            return _DeferredName(self, name)
        return getattr(self.imported(), name)

    def imported(self) -> types.ModuleType:
        """The real module, imported now if it is not yet (then it replaces this stand-in
        in sys.modules and on its parent package)."""
        real = self.__dict__.get("_DeferredModule__real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            parent_name, _, child = self.__name__.rpartition(".")
            if parent_name:
                setattr(sys.modules[parent_name], child, real)
            # Submodules imported through the stand-in were set on it, not on the real module.
            for key, value in vars(self).items():
                if isinstance(value, types.ModuleType) and not hasattr(real, key):
                    setattr(real, key, value)
            self.__dict__["_DeferredModule__real"] = real
        return real


def _imported_from_sklearn() -> bool:
    """Whether the code reading an attribute of the stand-in is an import statement of
    scikit-learn's (looking past the import system's own frames: `from m import name`
    reads it in importlib's `_handle_fromlist`)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") in _IMPORT_SYSTEM:
        frame = frame.f_back
    return frame is not None and frame.f_globals.get("__name__", "").startswith(_DEFERRING_FOR) and \
        frame.f_code.co_code[frame.f_lasti] in _IMPORT_OPS


_IMPORT_SYSTEM = frozenset({"importlib._bootstrap", "_frozen_importlib", "importlib"})


class _DeferredName:
    """A name imported from a deferred module: calling it or reading its attributes imports
    the module and uses the real object."""

    __slots__ = ("_module", "_name")

    def __init__(self, module: _DeferredModule, name: str):
        self._module = module
        self._name = name

    def resolved(self):
        """The real object (imports the module on first use)."""
        return getattr(self._module.imported(), self._name)

    def __call__(self, *args, **kwargs):
        return self.resolved()(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.resolved(), name)

    def __reduce__(self):
        return _real_attribute, (self._module.__name__, self._name)  # pickles as the real object

    def __repr__(self) -> str:
        return f"<deferred {self._module.__name__}.{self._name}>"


def _real_attribute(module: str, name: str):
    """`module.name`, imported."""
    return getattr(importlib.import_module(module), name)
