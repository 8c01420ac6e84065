"""Kinds of row for an import of a module or name that moved or went: `from old import name`
rewritten to where it lives today (Import), and sklearn.utils.testing's nose asserts, which became
unittest's (NoseAsserts). Apart because they look at the installed packages (whether a module
imports, whether it has a name), which no other kind does.
"""
import ast
import importlib
from dataclasses import dataclass

from ..source_edits import replace
from .base import Row


@dataclass(frozen=True)
class Import(Row):
    """A module or name that moved: `from old import name` -> `from to import new` (name None: every
    name of `old`; `import old as x` too). `prefix=True`: every submodule of `old` (`sklearn.ensemble.forest`)
    moves to its package, when the package has every imported name and `old` is not importable."""

    old: str
    to: str
    name: str = None
    new: str = None
    prefix: bool = False

    def target(self, module, names):
        if self.prefix:
            parts = (module or "").split(".")
            if not (module or "").startswith(self.old + ".") or len(parts) != 3 or _importable(module):
                return None
            package = ".".join(parts[:2])
            return package if all(_has(package, n) for n in names) else None
        if module != self.old or (self.name and names != [self.name]):
            return None
        return self.to

    def edits(self, node, context):
        if isinstance(node, ast.ImportFrom) and not node.level:
            target = self.target(node.module, [a.name for a in node.names])
            if target is None:
                return None
            aliases = [ast.alias(self.new or a.name, a.asname or (a.name if self.new else None)) for a in node.names]
            return [replace(context.locator, node, ast.unparse(ast.ImportFrom(target, aliases, 0)))]
        if isinstance(node, ast.Import) and not self.name and not self.prefix:
            if not any(a.name == self.old and (a.asname or "." not in self.old) for a in node.names):
                return None  # `import pandas.util.testing` binds pandas itself: its uses name the old path
            aliases = [ast.alias(self.to, a.asname) if a.name == self.old else a for a in node.names]
            return [replace(context.locator, node, ast.unparse(ast.Import(aliases)))]
        return None


def _importable(module):
    try:
        importlib.import_module(module)
    except Exception:  # not importable here, for whatever reason
        return False
    return True


def _has(module, name):
    try:
        return hasattr(importlib.import_module(module), name)
    except Exception:
        return False


# nose's assert_* names (sklearn.utils.testing gave them until 0.24): unittest's assert methods.
def _unittest_name(name):
    return "assert" + "".join(part.title() for part in name.split("_")[1:])


@dataclass(frozen=True)
class NoseAsserts(Row):
    """`from sklearn.utils.testing import assert_true, assert_array_equal` (removed in 0.24): what
    sklearn.utils._testing still has is imported from there, nose's assert_true & co. become the
    unittest methods they stood for, on one line. Any other name keeps the import as written."""

    old: str

    def edits(self, node, context):
        if not (isinstance(node, ast.ImportFrom) and node.module == self.old and not node.level):
            return None
        kept, nose = [], []
        for alias in node.names:
            if _has("sklearn.utils._testing", alias.name):
                kept.append(alias)
            elif alias.name.startswith("assert_") and hasattr(__import__("unittest").TestCase, _unittest_name(alias.name)):
                nose.append(alias)
            else:
                return None
        parts = [ast.unparse(ast.ImportFrom("sklearn.utils._testing", kept, 0))] if kept else []
        if nose:
            parts.append("import unittest as _convert_unittest_")
            parts += [f"{a.asname or a.name} = _convert_unittest_.TestCase().{_unittest_name(a.name)}" for a in nose]
        return [replace(context.locator, node, "; ".join(parts))]
