"""Cells that failed while the notebook ran, as Jupyter would have shown them, and whether the model
depends on one of them.

The generated script runs each cell as Jupyter does (conversion/jupyter_cells.py): an exception ends
its cell, `record` reports it on stderr (cell, line, exception type and message, the failing line)
and keeps it on the recording, and the next cell runs. A cell even IPython cannot parse is
commented out and recorded the same way, with the names it would have bound.

At the end, `check_failed_cells` decides from the script's own statements: what a failed cell was
to bind or change (every name its statements from the failing one on would have bound, assigned
into or called a method on) is stale; a later statement that reads a stale name makes what it binds
stale too. The build stops, naming the failed cell, when the statement that fitted the served model
(or a call of the function that fitted it) reads a stale name; otherwise the failed cells are listed
in model.json's `failed_cells` and the report. Never a silent wrong answer: without the recording's
evidence of where the model was fitted, any failed cell stops the build.
"""
import ast
import linecache
import re
import sys

from . import recorder
from ._common import ExportError

_WHERE = re.compile(r"cell (\d+) line (\d+)")


def record(error, line=None, names=()):
    """Called by a guarded cell's handler (or an unparsable cell's line) in the script: report the
    failure as Jupyter shows it and keep it on the recording. `line`: the cell's line when known
    (an unparsable cell); `names`: what an unparsable cell would have bound."""
    recording = recorder.current()
    frame = sys._getframe(2)  # the script's module frame: record <- _convert_cell_failed_ <- the cell
    script_line = frame.f_lineno if line is not None else _module_line(error, frame.f_code.co_filename)
    where = recording.where(script_line) if recording is not None else f"line {script_line} of the script"
    found = _WHERE.match(where)
    cell = int(found.group(1)) if found else None
    cell_line = line if line is not None else (int(found.group(2)) if found else script_line)
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    failed = {"cell": cell, "line": cell_line, "error": text, "script_line": script_line, "names": list(names)}
    shown = linecache.getline(frame.f_code.co_filename, script_line).strip() if line is None else ""
    print(f"cell {cell if cell is not None else '?'} line {cell_line} failed: {text}"
          + (f"\n----> {cell_line} {shown}" if shown else "")
          + "\n(Jupyter reports the cell and runs the next one; so does this script)", file=sys.stderr)
    if recording is not None:
        recording.failed_cells.append(failed)


def _module_line(error, filename):
    """The script line the exception left the cell's own code at (its traceback's entry in the script's
    module code)."""
    entry, line = error.__traceback__, None
    while entry is not None:
        if entry.tb_frame.f_code.co_filename == filename and entry.tb_frame.f_code.co_name == "<module>":
            line = entry.tb_lineno
        entry = entry.tb_next
    return line if line is not None else error.__traceback__.tb_lineno


def check_failed_cells(recording, fit):
    """model.json's `failed_cells` ([{"cell", "line", "error"}], [] when none failed), or ExportError
    naming the failed cell the served model depends on. `fit`: the recorder's event of the served
    model's fit (None: not seen fitted)."""
    failed = list(getattr(recording, "failed_cells", None) or [])
    listed = [{"cell": f["cell"], "line": f["line"], "error": f["error"]} for f in failed]
    if not failed:
        return []
    if fit is None:
        first = failed[0]
        raise ExportError(f"cell {first['cell']} failed ({first['error']}) and the recorder did not see where the "
                          f"model was fitted, so the build cannot tell whether the model depends on it: fix cell "
                          f"{first['cell']}")
    stale = _stale_at_fit(_script_statements(recording.script), failed, fit)
    if stale:
        name, origin = stale
        raise ExportError(f"the model depends on cell {origin['cell']}, which failed at line {origin['line']} "
                          f"({origin['error']}): the model was fitted from `{name}`, which cell {origin['cell']} was "
                          f"to bind or change. Fix cell {origin['cell']}")
    for f in listed:
        print(f"export: cell {f['cell']} line {f['line']} failed ({f['error']}); the model does not depend on it")
    return listed


def _script_statements(script):
    """The script's statements in order, as (statement, index of its cell's top-level statement): each
    guarded cell's body takes the place of its `try`."""
    try:
        with open(script, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError):
        return []
    statements = []
    for index, node in enumerate(tree.body):
        guarded = isinstance(node, ast.Try) and any(
            isinstance(n, ast.Name) and n.id == "_convert_cell_failed_" for h in node.handlers for n in ast.walk(h))
        statements += [(stmt, index) for stmt in (node.body if guarded else [node])]
    return statements


def _reads(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _binds(node):
    """Names a statement binds (assignments, imports, definitions) or changes (assigned into, `del`, a
    method called for its effect)."""
    names = set()
    effects = {id(sub.value) for sub in ast.walk(node) if isinstance(sub, ast.Expr)}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in sub.names if a.name != "*"}
        elif isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names |= {n.id for n in ast.walk(sub.value) if isinstance(n, ast.Name)}
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and (
                id(sub) in effects or any(k.arg == "inplace" for k in sub.keywords)):
            # called for its effect (`df.dropna(inplace=True)`, `rows.append(r)`, `model.fit(X, y)`), not
            # for a result the statement keeps (`corr = df.corr()`)
            root = sub.func.value
            while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Name):
                names.add(root.id)
    return names


def _rebinds(node):
    """Names a statement binds afresh from what it reads (`df = pd.read_csv(...)`): no longer stale
    when it reads nothing stale."""
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    fresh = {n.id for t in targets if isinstance(t, (ast.Name, ast.Tuple, ast.List, ast.Starred))
             for n in ast.walk(t) if isinstance(n, ast.Name)}
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        fresh |= _binds(node)
    return fresh


def _stale_at_fit(statements, failed, fit):
    """(stale name, the failed cell it comes from) that the served model's fit reads, or None."""
    stale = {}  # name -> the failure that made it stale
    pending = sorted(failed, key=lambda f: f["script_line"])
    fit_function = fit.function
    defs = {s.name: s for s, _ in statements if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    dead = {}  # cell -> position of its failing statement: what follows there did not run
    for position, (stmt, cell) in enumerate(statements):
        if position > dead.get(cell, position):
            continue
        while pending and pending[0]["script_line"] < stmt.lineno:
            pending.pop(0)  # (a failure before any statement: nothing bound)
        hit = [f for f in pending if stmt.lineno <= f["script_line"] <= stmt.end_lineno]
        for failure in hit:  # this statement and the rest of its cell did not run
            for later, _ in [(s, c) for s, c in statements[position:] if c == cell]:
                for name in _binds(later):
                    stale.setdefault(name, failure)
            for name in failure["names"]:
                stale.setdefault(name, failure)
            pending.remove(failure)
            dead[cell] = position
        reads = _reads(stmt)
        fits_here = stmt.lineno <= fit.line <= stmt.end_lineno
        if fit_function and fit_function in reads and fit_function in defs:
            reads |= _reads(defs[fit_function])
            fits_here = True
        used = sorted(reads & stale.keys())
        if fits_here and used and not hit:
            return used[0], stale[used[0]]
        if used:
            for name in _binds(stmt):
                stale.setdefault(name, stale[used[0]])
        elif not hit:
            for name in _rebinds(stmt):
                stale.pop(name, None)
    return None


def failed_clause(recording):
    """For any stop message: ' (cell 3 failed at line 1: SyntaxError: ...; fix it first)' when cells
    failed (a model cell that read their names failed too, or fitted nothing), else ''."""
    failed = list(getattr(recording, "failed_cells", None) or [])
    if not failed:
        return ""
    said = "; ".join(f"cell {f['cell']} failed at line {f['line']}: {f['error']}" for f in failed[:3])
    return f" ({said}{'; ...' if len(failed) > 3 else ''}: fix cell {failed[0]['cell']} first)"
