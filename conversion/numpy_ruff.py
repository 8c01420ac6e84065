"""numpy's removed aliases and functions (np.int, np.float, np.NaN, np.product, ...) rewritten by
ruff's NPY001 and NPY201 fixes, which numpy's maintainers point to for the numpy 2 migration and
which follow each numpy release; a hand-kept list would drift. Ruff runs once per notebook on
every cell (as a file headed by the notebook's numpy imports, so `np` is known in every cell);
a fix is applied only where the old name is really missing from the numpy installed here
(`np.bool` and `np.long` exist again in numpy 2: rewriting them would be noise).
"""
import ast
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy

from .source_edits import Edit, Locator

RULES = "NPY001,NPY201"


def ruff_binary():
    """The ruff executable installed with this Python (requirements/train.txt), or None."""
    try:
        from ruff.__main__ import find_ruff_bin
        return find_ruff_bin()
    except (ImportError, FileNotFoundError):
        return None


def numpy_imports(sources):
    """The numpy import statements of every cell, as lines of one header."""
    lines = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "numpy" for a in node.names):
                lines.append(ast.unparse(node))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "numpy" and not node.level:
                lines.append(ast.unparse(node))
    return list(dict.fromkeys(lines))


def missing_from_numpy(text, aliases):
    """True when `text` (`np.float`, `numpy.NaN`) names an attribute this numpy lacks."""
    parts = text.split(".")
    if len(parts) < 2 or parts[0] not in aliases:
        return True
    value = numpy
    for part in parts[1:]:
        if not hasattr(value, part):
            return True
        value = getattr(value, part)
    return False


def _diagnostics(texts):
    """Ruff's JSON diagnostics for each text (one file each), as {index: [diagnostic, ...]}."""
    binary = ruff_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        for index, text in enumerate(texts):
            pathlib.Path(folder, f"cell_{index}.py").write_text(text, encoding="utf-8")
        result = subprocess.run([binary, "check", "--isolated", "--no-cache", "--select", RULES,
                                 "--output-format", "json", "--exit-zero", folder],
                                capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(f"convert.py: ruff failed ({result.stderr.strip()[:200]}); numpy's removed names are not rewritten",
              file=sys.stderr)
        return {}
    found = {}
    for diagnostic in json.loads(result.stdout or "[]"):
        index = int(pathlib.Path(diagnostic["filename"]).stem.split("_")[1])
        found.setdefault(index, []).append(diagnostic)
    return found


def numpy_fixes(sources):
    """For each source, a list of (Edit, line, why) from ruff's fixes of numpy's removed names,
    None when ruff is not installed."""
    header = numpy_imports(sources)
    aliases = {"numpy"} | {a.asname or a.name for line in header for node in ast.parse(line).body
                           if isinstance(node, ast.Import) for a in node.names if a.name == "numpy"}
    prefix = "".join(line + "\n" for line in header)
    diagnostics = _diagnostics([prefix + source for source in sources])
    if diagnostics is None:
        return None
    fixes = []
    for index, source in enumerate(sources):
        locator = Locator(source)
        cell_fixes = []
        for diagnostic in diagnostics.get(index, []):
            edits = [e for e in (diagnostic.get("fix") or {}).get("edits", []) if e["location"]["row"] > len(header)]
            for edit in edits:
                start_row, end_row = edit["location"]["row"] - len(header), edit["end_location"]["row"] - len(header)
                start = locator.starts[start_row - 1] + edit["location"]["column"] - 1
                end = locator.starts[end_row - 1] + edit["end_location"]["column"] - 1
                old = source[start:end]
                if not missing_from_numpy(old, aliases):
                    continue
                why = f"{old} was removed from numpy: `{edit['content']}` (ruff {diagnostic['code']})"
                cell_fixes.append((Edit(start, end, edit["content"]), start_row, why))
        fixes.append(cell_fixes)
    return fixes
