"""Code written for older libraries, rewritten to today's equivalent with the old meaning: the pass.

Notebooks of 2017-2022 call APIs that pandas 2-3, scikit-learn 1.x and numpy 2 removed: the run
stops with AttributeError, TypeError or ModuleNotFoundError where Jupyter once ran it. TABLE
holds one row per removed API, each measured to fail with the pinned libraries (pandas 3.1,
numpy 2.4, scikit-learn 1.9) and each with an example and its expected rewrite, which
tests/conversion/test_legacy_api.py runs: the example fails here, the rewrite runs. An API that
still works has no row: rewriting it would only be noise in the report.

numpy's removed aliases and functions are ruff's (numpy_ruff.py: NPY001/NPY201); the rows below
cover what ruff leaves unfixed. The row kinds are in legacy_row_kinds/; values only the running
notebook knows (a list's append or a frame's) go through the helpers of runtime_helpers.py.
"""
import ast
from dataclasses import dataclass, field

from .legacy_row_kinds.pandas_values import row_functions
from .legacy_table import TABLE
from .notes import Note
from .numpy_ruff import numpy_fixes
from .source_edits import Locator, apply_edits, call_name, parse_or_none



# Calls whose result is a pandas frame: a name assigned one holds a frame (for Receiver, Append, Scalar).
FRAME_SOURCES = {"read_csv", "read_table", "read_excel", "read_json", "read_parquet", "read_sql", "DataFrame",
                 "load_dataset", "concat", "merge", "get_dummies", "crosstab", "pivot_table"}
# What a frame gives that is no frame: arrays, shapes, labels.
NOT_FRAMES = {"values", "to_numpy", "as_matrix", "get_values", "tolist", "shape", "columns", "index", "dtypes",
              "size", "ndim", "unique", "nunique", "len", "count"}


@dataclass
class RowContext:
    """What a row needs to know about the cell being rewritten and the notebook around it."""

    locator: Locator
    frames: set
    module_names: dict  # {"numpy": {"numpy", "np"}, "pandas": {"pandas", "pd"}}: what the notebook imports them as
    parents: dict
    helpers: set = field(default_factory=set)
    row_functions: set = field(default_factory=set)  # functions the notebook applies along rows (axis=1)
    wrapped: set = field(default_factory=set)  # the classes Keyword rows wrapped a call in, so far

    def parent(self, node):
        return self.parents.get(id(node))

    def aliases(self, module):
        return self.module_names.get(module, {module})

    def holds_frame(self, node):
        """Whether an expression is rooted at a pandas frame (a name assigned from read_csv and
        the like, or from another frame's rows, columns or methods) and is not an array of it."""
        if isinstance(node, ast.Name):
            return node.id in self.frames
        if isinstance(node, ast.Attribute):
            return node.attr not in NOT_FRAMES and self.holds_frame(node.value)
        if isinstance(node, ast.Subscript):
            return self.holds_frame(node.value)
        if isinstance(node, ast.Call):
            if call_name(node) in FRAME_SOURCES:
                return True
            return isinstance(node.func, ast.Attribute) and self.holds_frame(node.func)
        return False


def learn_frames(tree, context):
    """Add the names this cell assigns a frame to (`df = pd.read_csv(...)`, `X = df.drop(...)`,
    `X_train, X_test, y_train, y_test = train_test_split(X, y)` when X or y is one)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (zip(target.elts, node.value.elts) if isinstance(target, ast.Tuple)
                         and isinstance(node.value, ast.Tuple) else _split_pairs(target, node.value)
                         or [(target, node.value)])
                for name, value in pairs:
                    if isinstance(name, ast.Name):
                        (context.frames.add if context.holds_frame(value) else context.frames.discard)(name.id)


def _split_pairs(target, value):
    """`a_train, a_test, b_train, b_test = train_test_split(a, b, ...)`: [(a_train, a), (a_test, a),
    (b_train, b), (b_test, b)]; None for anything else."""
    if not (isinstance(target, ast.Tuple) and isinstance(value, ast.Call) and call_name(value) == "train_test_split"
            and len(target.elts) == 2 * len(value.args) and not any(isinstance(a, ast.Starred) for a in value.args)):
        return None
    return [(name, value.args[i // 2]) for i, name in enumerate(target.elts)]


def module_aliases(trees, modules=("numpy", "pandas")):
    """{module: the names the notebook imports it as}, each module's own name included."""
    return {module: {module} | {a.asname or a.name for tree in trees for node in ast.walk(tree)
                                if isinstance(node, ast.Import) for a in node.names if a.name == module}
            for module in modules}


def rewrite_once(source, context):
    """One sweep of TABLE over the cell: (source, [(line, why)])."""
    tree = ast.parse(source)
    context.locator = Locator(source)
    context.parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        for row in TABLE:
            edits = row.edits(node, context)
            if edits:
                found.append((edits, row.why))
                break
    flat = [edit for edits, _ in found for edit in edits]
    text, kept = apply_edits(source, flat)
    kept = set(kept)
    notes = [(context.locator.line_of(edits[0].start), why) for edits, why in found if set(edits) <= kept]
    return text, notes


def as_current_api(cells):
    """Rewrite removed library APIs in a notebook's code cells (`cells`: [(number, source)], in order,
    after IPython syntax is gone). Returns (sources, notes [(cell number, line, why)], helpers):
    `helpers` names the runtime_helpers the rewritten cells call (runtime_helpers.add_runtime_helpers
    defines them in the script)."""
    sources = [source for _, source in cells]
    trees = [parse_or_none(source) for source in sources]
    fixes = numpy_fixes([s if t else "" for s, t in zip(sources, trees)])
    context = RowContext(None, set(), module_aliases([t for t in trees if t]), {},
                         row_functions=row_functions([t for t in trees if t]))
    results, notes = [], []
    for index, (number, source) in enumerate(cells):
        if trees[index] is None:
            results.append(source)
            continue
        cell_notes = []
        learn_frames(trees[index], context)
        if fixes:
            source, kept = apply_edits(source, [edit for edit, _, _ in fixes[index]])
            cell_notes += [(line, why) for edit, line, why in fixes[index] if edit in kept]
        for _ in range(3):  # nested old APIs (`df.ix[...].as_matrix()`) take one sweep each
            source, found = rewrite_once(source, context)
            cell_notes += found
            if not found:
                break
        learn_frames(ast.parse(source), context)
        results.append(source)
        notes += [(number, line, why) for line, why in sorted(set(cell_notes))]
    if fixes is None:
        notes.append((cells[0][0] if cells else 1, 1, "ruff is not installed: numpy's removed names are not "
                                                      "rewritten (pip install -r requirements/train.txt)"))
    return results, notes, context.helpers


def rewrite_removed_apis(notebook):
    """Notebook pass: as_current_api over the code cells (after every cell pass, so they are plain
    Python and their plotting is already commented); returns (notebook, [Note])."""
    code = [(number, cell) for number, cell in enumerate(notebook.cells, start=1) if cell.cell_type == "code"]
    sources, notes, _ = as_current_api([(number, cell.source) for number, cell in code])
    for (_, cell), source in zip(code, sources):
        cell.source = source
    return notebook, [Note(*note) for note in notes]
