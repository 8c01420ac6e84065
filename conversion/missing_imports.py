"""Names a notebook uses but never imports: the author's kernel had them (an import cell deleted
or run from another notebook); the script stops with NameError.

When a name is used but bound nowhere in the notebook and exactly one public object of
scikit-learn, pandas or numpy has that name (`StandardScaler`, `train_test_split`), the script
imports it, and the report says so; so do the conventional aliases of those libraries and of
matplotlib and seaborn (np, pd, plt, sns). A name two libraries define differently (`array`:
numpy's and pandas') is not guessed. The index of public names is built once from the installed
packages' public modules (their `__all__`) and cached on disk per library versions.
"""
import ast
import builtins
import functools
import importlib
import json
import os
import pathlib
import pkgutil
import warnings

from .notes import Note
from .runtime_helpers import prepend_code

LIBRARIES = ("sklearn", "pandas", "numpy")
EXTRA_MODULES = ("pandas.plotting", "numpy.linalg", "numpy.random")
ALIASES = {"np": "import numpy as np", "pd": "import pandas as pd", "plt": "import matplotlib.pyplot as plt",
           "sns": "import seaborn as sns"}
# What Jupyter's namespace has without imports; a script gets it from the notebook machinery or not at all.
JUPYTER_NAMES = {"get_ipython", "display", "In", "Out", "exit", "quit", "__file__", "__name__", "__builtins__"}


def _public_modules(package):
    """The package and its public submodules (no `_private` part, no tests), two levels deep."""
    names = [package, *(m for m in EXTRA_MODULES if m.startswith(package + "."))]
    if package == "sklearn":
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix="sklearn.", onerror=lambda name: None):
            parts = info.name.split(".")
            if len(parts) <= 3 and not any(p.startswith("_") or p in ("tests", "externals", "experimental") for p in parts):
                names.append(info.name)
    return names


def build_index():
    """{name: import statement} for every name exactly one public object of LIBRARIES has."""
    found = {}
    for package in LIBRARIES:
        for module_name in _public_modules(package):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    module = importlib.import_module(module_name)
            except Exception:  # an optional dependency missing: that module's names are not offered
                continue
            for name in getattr(module, "__all__", ()):
                try:
                    value = getattr(module, name)
                except Exception:  # an experimental name that needs its enabling import first
                    continue
                if name.startswith("_") or isinstance(value, type(module)):
                    continue
                found.setdefault(name, {}).setdefault(id(value), []).append(module_name)
    index = {}
    for name, objects in found.items():
        if len(objects) == 1:
            (modules,) = objects.values()
            index[name] = f"from {min(modules, key=lambda m: (m.count('.'), len(m)))} import {name}"
    return index


def _versions():
    return "-".join(f"{p}{importlib.import_module(p).__version__}" for p in LIBRARIES)


@functools.lru_cache(maxsize=1)
def name_index():
    """build_index(), cached on disk ($CONVERT_CACHE_DIR or ~/.cache/convert) per library versions."""
    folder = pathlib.Path(os.environ.get("CONVERT_CACHE_DIR") or pathlib.Path.home() / ".cache" / "convert")
    path = folder / f"public-names-{_versions()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    index = build_index()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only home: the index is rebuilt next time
        pass
    return index


def _bound(tree):
    names, stars = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    stars.append(node.module)
                else:
                    names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.MatchAs) and node.name:
            names.add(node.name)
    return names, stars


def _star_names(module):
    """What `from module import *` binds, or None when it cannot be told here."""
    try:
        imported = importlib.import_module(module)
    except Exception:
        return None
    return set(getattr(imported, "__all__", None) or (n for n in dir(imported) if not n.startswith("_")))


def missing_names(sources):
    """{name: (index of the first source using it, line)} for names used but never bound, in any cell;
    None when a star import hides what the notebook binds."""
    trees = [ast.parse(source) for source in sources]
    bound = set(dir(builtins)) | JUPYTER_NAMES
    for tree in trees:
        names, stars = _bound(tree)
        bound |= names
        for module in stars:
            star = _star_names(module)
            if star is None:
                return None
            bound |= star
    missing = {}
    for index, tree in enumerate(trees):
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound:
                first = missing.setdefault(node.id, (index, node.lineno))
                missing[node.id] = min(first, (index, node.lineno))
    return missing


def add_missing_imports(notebook):
    """Notebook pass: the imports of names used but never bound that exactly one public object of
    scikit-learn, pandas or numpy (or a conventional alias) has, at the top of the first code cell;
    reported at the cell and line of the first use. Returns (notebook, [Note])."""
    code = [(number, cell) for number, cell in enumerate(notebook.cells, start=1) if cell.cell_type == "code"]
    missing = missing_names([cell.source for _, cell in code]) or {}
    if not missing:
        return notebook, []
    index = name_index()
    imports, notes = [], []
    for name, (position, line) in sorted(missing.items(), key=lambda item: item[1]):
        statement = ALIASES.get(name) or index.get(name)
        if statement:
            imports.append(statement)
            notes.append(Note(code[position][0], line, f"{name} is used but never imported (the author's kernel had it): "
                                                   f"`{statement}` added at the top"))
    if imports:
        text = "# convert.py: names the notebook uses but never imports\n" + "\n".join(dict.fromkeys(imports))
        prepend_code(notebook, text)
    return notebook, notes
