"""Cells as IPython reads them, and cells that even IPython cannot read.

IPython cleans a cell before parsing it: it removes the indentation common to all its lines
(a cell pasted from inside a function or a tutorial's indented block runs in Jupyter) and
the prompts of a pasted console session (`>>> `, `In [3]: `). `as_ipython_reads` applies
IPython's own cleanup transforms (IPython.core.inputtransformer2, installed with ipykernel),
except the one dropping leading blank lines, which would move the report's line numbers.

A cell that IPython cannot parse either fails in Jupyter with SyntaxError while the cells after
it run. `comment_unparsable_cells` does the same: such a cell becomes comments, with a warning,
when no later cell needs a name that only it defines; otherwise the build stops naming the cell,
the line, and the later cell and name that need it.
"""
import ast
import re

from IPython.core.inputtransformer2 import TransformerManager, leading_empty_lines

from .notes import Note

CLEANUPS = [transform for transform in TransformerManager().cleanup_transforms if transform is not leading_empty_lines]


def as_ipython_reads(source, cell):
    """Cell pass: the cell with IPython's cleanup transforms applied (common indentation and
    console prompts removed), lines kept in place. Returns (source, [(line, why)])."""
    lines = source.splitlines(keepends=True)
    cleaned = lines
    for transform in CLEANUPS:
        cleaned = transform(cleaned)
    text = "".join(cleaned)
    if not source.endswith("\n") and text.endswith("\n"):
        text = text[:-1]
    if text == source or len(text.split("\n")) != len(source.split("\n")):
        return source, []
    indented = source.split("\n")[0][:1] in (" ", "\t") and not re.match(r"\s*(>>>|In \[\d*\]:)", source)
    why = ("the whole cell is indented: IPython removes the common indentation" if indented
           else "console prompts (>>>, In [n]:) removed, as IPython does")
    return text, [(1, why)]


def ipython_syntax_error(source):
    """The SyntaxError IPython meets in a cell (after its cleanup and magic transforms), or None."""
    try:
        python = TransformerManager().transform_cell(source)
        compile(python, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)  # IPython's autoawait
    except SyntaxError as error:
        return error
    return None


def bound_names(source):
    """Names a cell binds: from its syntax tree when it parses; else from each top-level chunk that
    parses alone, and `name =`, `def name`, `class name` on the lines that do not."""
    tree = _parse(source)
    if tree is not None:
        return _tree_bound(tree)
    names = set()
    for chunk in _chunks(source):
        tree = _parse(chunk)
        if tree is not None:
            names |= _tree_bound(tree)
        else:
            names |= {name.strip() for pair in BINDING.findall(chunk) for group in pair for name in group.split(",")
                      if name.strip()}
    return names


# `def name`, `class name`, `name =` / `a, b =` (not `==`) on a line that does not parse
BINDING = re.compile(r"^\s*(?:def|class)\s+(\w+)|^\s*(\w+(?:\s*,\s*\w+)*)\s*=(?!=)", re.M)


def loaded_names(source):
    tree = _parse(source)
    return set() if tree is None else {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _parse(source):
    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def _tree_bound(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
    return names


def _chunks(source):
    """Top-level statements' text: a new chunk at each line that starts at column 0."""
    chunks = []
    for line in source.split("\n"):
        if chunks and (not line or line[:1] in (" ", "\t", ")", "]", "}")):
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return chunks


def comment_unparsable_cells(notebook):
    """Notebook pass: a code cell IPython cannot parse becomes comments with a warning, as Jupyter
    fails it and runs the rest; at run time it is reported and recorded as a failed cell with the
    names it would have bound (`_convert_cell_failed_`, after its commented lines: their numbers
    stay), so the export stops, naming it, only when the model depends on one of them
    (model_export/failed_cells.py). Returns (notebook, [Note])."""
    cells = [(number, cell) for number, cell in enumerate(notebook.cells, start=1) if cell.cell_type == "code"]
    notes = []
    for number, cell in cells:
        source = as_ipython_reads(cell.source, number)[0]
        error = ipython_syntax_error(source)
        if error is None:
            continue
        why = f"not valid Python, even for IPython (line {error.lineno}: {error.msg})"
        names = sorted(bound_names(source))
        commented = "\n".join(f"# {line}" if line else "#" for line in cell.source.split("\n"))
        cell.source = (f"{commented}\n_convert_cell_failed_(SyntaxError({why!r}), line={error.lineno or 1}, "
                       f"names={names!r})")
        notes.append(Note(number, error.lineno or 1, f"warning: {why}: commented out, as Jupyter fails it and runs "
                                                     "the rest (the build stops if the model needs what it defines)"))
    return notebook, notes
