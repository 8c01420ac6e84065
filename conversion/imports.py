"""Imports that ran in the notebook's older environment but fail with today's libraries.

Fixed in place, the original kept as a trailing comment, each fix reported:
`from sklearn.externals import joblib` -> `import joblib`; sklearn.cross_validation,
grid_search and learning_curve -> sklearn.model_selection (when every name exists there; the
modules themselves, `from sklearn import cross_validation`, as `model_selection as cross_validation`);
removed scikit-learn plot_* helpers dropped from their import (their calls are then
commented as plotting); `from tqdm.notebook import tqdm` (Jupyter widgets) -> tqdm.auto, or
pass-through stand-ins when tqdm is absent. A new module move is one entry in a table here.
"""
import ast
import importlib
import importlib.util

from .syntax import target_names

# Modules of old scikit-learn whose functions moved (0.18-0.20); kept only when every imported
# name exists in the new module (train_test_split, cross_val_score, GridSearchCV, learning_curve).
MOVED_SKLEARN_MODULES = {"sklearn.cross_validation": "sklearn.model_selection",
                         "sklearn.grid_search": "sklearn.model_selection",
                         "sklearn.learning_curve": "sklearn.model_selection"}


def _sklearn_name_exists(module, name, default=True):
    """Whether the installed scikit-learn has `module.name` (plot_confusion_matrix and other
    plot_* helpers were removed in 1.2); `default` when it cannot be told."""
    try:
        return hasattr(importlib.import_module(module), name)
    except Exception:  # not importable here: the script's own import will say so
        return default


TQDM_MODULES = {"tqdm", "tqdm.notebook", "tqdm.auto", "tqdm.autonotebook"}
TQDM_STAND_INS = {"tqdm": "lambda iterable=None, *args, **kwargs: iterable",
                  "trange": "lambda *args, **kwargs: range(*args)"}


def _tqdm_fix(stmt):
    """Progress bars: `from tqdm.notebook import tqdm` needs Jupyter's widgets, so a script uses
    tqdm.auto (plain text bars); where tqdm is not installed at all, tqdm and trange become
    pass-throughs (a progress bar is no part of the work). None for other imports."""
    if stmt.module not in TQDM_MODULES:
        return None
    if importlib.util.find_spec("tqdm") is not None:
        if stmt.module in ("tqdm.notebook", "tqdm.autonotebook"):
            text = ast.unparse(ast.ImportFrom(module="tqdm.auto", names=stmt.names, level=0))
            return text, f"notebook progress bars need Jupyter widgets: `{text}`"
        return None
    if not all(alias.name in TQDM_STAND_INS for alias in stmt.names):
        return None
    text = "; ".join(f"{alias.asname or alias.name} = {TQDM_STAND_INS[alias.name]}" for alias in stmt.names)
    return text, "tqdm is not installed: its progress bars pass the iterable through (add tqdm to requirements/train.txt for bars)"


def _import_fix(stmt):
    """(replacement text or None, why) for an import that fails with the libraries installed here
    although it ran in the notebook's older environment; None when the import is fine.

    `from sklearn.externals import joblib` -> `import joblib` (removed from scikit-learn in 0.23);
    `from sklearn.metrics import plot_confusion_matrix, confusion_matrix` -> the removed plotting
    names dropped (their calls are commented as plotting), the statement commented if none is left."""
    if not isinstance(stmt, ast.ImportFrom) or stmt.level:
        return None
    if _tqdm_fix(stmt):
        return _tqdm_fix(stmt)
    if not (stmt.module or "").startswith("sklearn"):
        return None
    old_modules = [alias for alias in stmt.names if f"sklearn.{alias.name}" in MOVED_SKLEARN_MODULES]
    if stmt.module == "sklearn" and old_modules:
        names = [ast.alias(MOVED_SKLEARN_MODULES[f"sklearn.{a.name}"].split(".")[1], a.asname or a.name)
                 if a in old_modules else a for a in stmt.names]
        text = ast.unparse(ast.ImportFrom(module="sklearn", names=names, level=0))
        return text, f"sklearn.{old_modules[0].name} was removed from scikit-learn: `{text}`"
    moved = MOVED_SKLEARN_MODULES.get(stmt.module)
    if moved and all(_sklearn_name_exists(moved, alias.name, default=False) for alias in stmt.names):
        text = ast.unparse(ast.ImportFrom(module=moved, names=stmt.names, level=0))
        return text, f"{stmt.module} was removed from scikit-learn: `{text}`"
    if stmt.module == "sklearn.externals.six" and [alias.name for alias in stmt.names] == ["StringIO"]:
        text = ast.unparse(ast.ImportFrom(module="io", names=stmt.names, level=0))
        return text, f"sklearn.externals.six was removed from scikit-learn: `{text}`"
    if stmt.module == "sklearn.externals" and all(alias.name == "joblib" for alias in stmt.names):
        text = ast.unparse(ast.Import(names=stmt.names))
        return text, f"sklearn.externals.joblib was removed from scikit-learn: `{text}`"
    if stmt.module.startswith("sklearn.externals.joblib"):
        text = ast.unparse(ast.ImportFrom(module="joblib" + stmt.module[len("sklearn.externals.joblib"):],
                                          names=stmt.names, level=0))
        return text, f"sklearn.externals.joblib was removed from scikit-learn: `{text}`"
    removed = [alias for alias in stmt.names if (alias.name.startswith("plot_") or alias.name.endswith("Display"))
               and not _sklearn_name_exists(stmt.module, alias.name)]
    if not removed:
        return None
    why = f"scikit-learn plotting {', '.join(a.name for a in removed)} no longer exists (its calls are commented)"
    kept = [alias for alias in stmt.names if alias not in removed]
    return (ast.unparse(ast.ImportFrom(module=stmt.module, names=kept, level=0)) if kept else None), why


def plan_import_fix(stmt, names, plan):
    """Apply _import_fix: plan the replacement (or the comment) and learn the names it binds; the
    removed scikit-learn plotting names stay known as plotting so their calls are commented."""
    fix = _import_fix(stmt)
    if fix is None:
        return None
    text, why = fix
    replacement = ast.parse(text).body if text else []
    bound = set()
    for node in replacement:
        bound.update(target_names(node.targets) if isinstance(node, ast.Assign)
                     else (alias.asname or alias.name.split(".")[0] for alias in node.names))
    for alias in stmt.names:
        name = alias.asname or alias.name
        names.bind(name, None if name in bound else "scikit-learn plotting")
    if text is None:
        plan.commented.append((stmt, why))
        return True
    plan.replaced.append((stmt, text, why))
    return False
