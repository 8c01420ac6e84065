"""The export in the generated script: the packages' sources carried in the script itself.

The script must run wherever the training requirements are installed (a container, a CI job, a
colleague's machine) without this repository on sys.path. So its prologue carries the source of
each module of model_export and of the contract it reads (with the text of contract/iris.json and artifact.json), and
a short loader that serves those sources to `import`, ahead of any other copy; tracebacks still
show the export's own lines (they are given to linecache). The prologue then installs the training
recorder (recorder.py) before the notebook's first line; the appendix stops it and calls the export.
conversion/script.py calls `prologue(cells)` and `appendix(options)`; nothing here runs inside the
script but the loader.
"""
import inspect
import pathlib

from ._common import APPENDIX_MARKER, PROLOGUE_END, PROLOGUE_MARKER

PACKAGE = pathlib.Path(__file__).resolve().parent
REPOSITORY = PACKAGE.parent
BUNDLED_PACKAGES = (PACKAGE.name, "contract")  # what the export imports from this repository
CONVERTER_ONLY = frozenset({"bundle.py"})  # runs in the converter, never in the script
# Data files a bundled module reads, given to it as a global set before its code runs (a module
# carried without its folder cannot open them): contract/__init__.py reads IRIS_JSON and ARTIFACT_JSON so.
DATA_GLOBALS = {"contract": {"IRIS_JSON": "iris.json", "ARTIFACT_JSON": "artifact.json"}}

# Every name the prologue and the appendix bind in the notebook's globals starts with `_`
# (is_notebook_name says no), so the export never takes one of them for the notebook's model or data.
PROLOGUE = """\
{marker}
# The export package, bundled below, and its training recorder, installed before the notebook imports
# scikit-learn: it records every fit, transform and score the notebook's own code makes (model_export/recorder.py).
{installer}
from model_export import recorder as _recorder
_recorder.install(cells={cells!r})
{end}
"""

APPENDIX = """\
{marker}
_RECORDING = _recorder.stop()  # what follows is the export's work, not the notebook's
# The export (model_export/, bundled in the prologue) runs on this module's globals: builtins the notebook rebound
# (`list = [...]`, `dict = ...`, numpy's all/any/sum/min/max/round from `from pylab import *`) are set aside for it.
import builtins as _builtins
_SHADOWED_BUILTINS = {{_n: _builtins.globals().pop(_n) for _n in _builtins.list(_builtins.globals())
                      if not _n.startswith("__") and _builtins.hasattr(_builtins, _n)}}
_NOTEBOOK_NAMESPACE = dict(globals())
_NOTEBOOK_NAMESPACE.update(_SHADOWED_BUILTINS)
from model_export import run_export as _run_export
_run_export(_NOTEBOOK_NAMESPACE, model_var={model_var!r}, model_dir={model_dir!r}, min_accuracy={min_accuracy!r}, source={source!r},
            recording=_RECORDING)
"""


def _install_bundle(modules):
    """Serve the bundled modules, {name: (is_package, source, globals to set first)}, to `import`
    ahead of any other copy."""
    import importlib.abc
    import importlib.util
    import linecache
    import sys

    class BundledSources(importlib.abc.MetaPathFinder, importlib.abc.Loader):
        def find_spec(self, name, path=None, target=None):
            if name not in modules:
                return None
            return importlib.util.spec_from_loader(name, self, origin=f"<bundled {name}>", is_package=modules[name][0])

        def exec_module(self, module):
            _, source, preset = modules[module.__name__]
            filename = module.__spec__.origin
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            module.__dict__.update(preset)
            exec(compile(source, filename, "exec"), module.__dict__)

    for name in modules:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, BundledSources())


def package_sources(folder, package):
    """{module name: (is_package, source, globals to set first)} for every module of the package in
    `folder`, the package itself first; whatever is added to the folder (a new module) is carried along."""
    sources = {}
    for path in sorted(folder.rglob("*.py"), key=lambda p: (p.name != "__init__.py", str(p))):
        if path.name in CONVERTER_ONLY and path.parent == PACKAGE:
            continue
        parts = [package, *path.relative_to(folder).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        data = {key: (path.parent / file).read_text(encoding="utf-8")
                for key, file in DATA_GLOBALS.get(name, {}).items()}
        sources[name] = (is_package, path.read_text(encoding="utf-8"), data)
    return sources


def bundled_sources():
    """Every module the script imports from this repository: model_export's and the contract's."""
    return {name: entry for package in BUNDLED_PACKAGES
            for name, entry in package_sources(REPOSITORY / package, package).items()}


def installer():
    """Script text that defines the loader and installs the bundled sources: what must run before
    the script's first import of model_export (the prologue starts with it)."""
    sources = ",\n".join(f"    {name!r}: {entry!r}" for name, entry in bundled_sources().items())
    loader = inspect.getsource(_install_bundle).rstrip("\n")
    return f"{loader}\n\n{_install_bundle.__name__}({{\n{sources}\n}})"


def prologue(cells=()):
    """What conversion/script.py puts first in the script, after its header: the bundled packages,
    served to `import`, and the training recorder installed before any of the notebook's code runs.
    `cells`: the notebook's number of each code cell, so that the export names cells as convert.py does."""
    return PROLOGUE.format(marker=PROLOGUE_MARKER, end=PROLOGUE_END, installer=installer(), cells=list(cells))


def appendix(options):
    """What conversion/script.py appends to the notebook's script: the marker that ends the notebook's
    code, the recording stopped, the builtins set aside and the call that exports the model with the
    convert-time options (model_var, model_dir, min_accuracy, source) and the recording."""
    return APPENDIX.format(marker=APPENDIX_MARKER, **options)
