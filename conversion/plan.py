"""Choosing statements: the walk over a cell's statements that decides what goes.

One decision per statement, nested blocks walked in place: a magic line's sentinel is
commented; an import is fixed (imports.py); a function or class keeps its body's real work and
loses a plotting decorator; a statement that plots or reads the keyboard is commented
(plotting_statements.py, keyboard.py), Colab's upload becomes the local files
(hosted_paths.py); a block left empty gets `pass`. A function that only plots is a plotting
function afterwards, so its calls go too. The decisions form a Plan; apply_plan edits the text.
"""
import ast
from dataclasses import dataclass, field

from .hosted_paths import plan_colab_upload
from .imports import plan_import_fix
from .keyboard import asks_for_input, catches_failed_input
from .plotting_statements import (block_targets, header_reason, plan_decorators, plan_mixed_return,
                                  simple_statement_reason, unzipped_loop)
from .syntax import is_magic_sentinel, parse_cell

@dataclass
class Plan:
    """Statements to comment out (node, why), blocks that end up empty (their statements), and
    loops whose header is rewritten to iterate without a plot object (loop, kept targets, kept iterables)."""

    commented: list = field(default_factory=list)
    emptied: list = field(default_factory=list)
    headers: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # the cell's source lines, for decorator spans
    replaced: list = field(default_factory=list)  # (statement, new text, why): imports fixed, returns
    returns: list = field(default_factory=list)  # per function being planned: plot positions it returns
    hoisted: list = field(default_factory=list)  # `from __future__` imports, which the script moves to its top

    def edited_lines(self):
        """Line numbers of the statements this plan comments or rewrites: other passes leave
        their text alone (apply_plan comments it as written)."""
        edited = [stmt for stmt, _ in self.commented] + [stmt for stmt, _, _ in self.replaced]
        lines = {line for stmt in edited for line in range(stmt.lineno, stmt.end_lineno + 1)}
        return lines | {loop.lineno for loop, _, _ in self.headers}


def _child_blocks(stmt):
    """The statement lists nested in a compound statement, to rewrite in place."""
    if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
        return [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]
    if isinstance(stmt, ast.Match):
        return [case.body for case in stmt.cases]
    return [getattr(stmt, name) for name in ("body", "orelse") if getattr(stmt, name, None)]


def _plan_statement(stmt, names, plan):
    """Decide one statement: comment it (returns True), or keep it and plan inside its blocks."""
    if is_magic_sentinel(stmt):
        plan.commented.append((stmt, None))
        return True
    fixed = plan_import_fix(stmt, names, plan)
    if fixed is not None:
        return fixed
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        plan_decorators(stmt, names, plan)
        _plan_function(stmt, names, plan)
        return False
    if isinstance(stmt, ast.ClassDef):
        plan_decorators(stmt, names, plan)
        names.rebind([stmt.name], False)
    elif plan_mixed_return(stmt, names, plan) or plan_colab_upload(stmt, names, plan):
        return False
    elif not hasattr(stmt, "body"):
        why = simple_statement_reason(stmt, names)
        if why:
            plan.commented.append((stmt, why))
        return why is not None
    else:
        why = header_reason(stmt, names) or ("loop reads keyboard input" if asks_for_input(stmt, names) else None)
        loop = unzipped_loop(stmt, names) if why else None
        if why and loop is None:
            plan.commented.append((stmt, why))
            return True
        names.rebind(block_targets(stmt), False)
        if loop is not None:
            plan.headers.append((stmt, *loop[:2]))
            names.rebind(loop[2], True)  # the dropped loop variables held the plot objects
    guarded = catches_failed_input(stmt)
    for block in _child_blocks(stmt):
        names.input_guarded += guarded and block is stmt.body
        _plan_block(block, names, plan)
        names.input_guarded -= guarded and block is stmt.body
    return False


def _plan_function(stmt, names, plan):
    """Plan a function's body; a function that only plots, or returns a plot, is a plotting helper
    afterwards, so its calls (`plot_dist(col)`, `fig = make_figure()`) are commented out too."""
    names.rebind([stmt.name], False)
    outer = (dict(names.results), dict(names.libraries))
    arguments = stmt.args.posonlyargs + stmt.args.args + stmt.args.kwonlyargs
    names.rebind([a.arg for a in arguments] + [a.arg for a in (stmt.args.vararg, stmt.args.kwarg) if a], False)
    already = len(plan.commented)
    plan.returns.append(set())
    _plan_block(stmt.body, names, plan)
    positions = plan.returns.pop()
    names.results, names.libraries = outer  # the body's own names were local to it
    if positions:
        names.plot_returns[stmt.name] = positions
    commented = [node for node, _ in plan.commented[already:]]
    reads_keyboard = [why for _, why in plan.commented[already:]] and all(
        "keyboard input" in why for _, why in plan.commented[already:])
    body = [node for node in stmt.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    only_plots = bool(body) and all(any(node is c for c in commented) for node in body)
    returns_plot = any(isinstance(node, ast.Return) for node in commented)
    if only_plots or returns_plot:
        kind = "keyboard input function" if reads_keyboard else "plotting function"
        names.libraries[stmt.name] = f"{kind} {stmt.name}()"


def _plan_block(block, names, plan):
    """Plan every statement of a nested block; remember it when nothing in it is left to run."""
    results = [_plan_statement(stmt, names, plan) for stmt in block]
    if block and all(results):
        plan.emptied.append(block)


def plan_cell(source, symbols, number):
    """Decide, statement by statement, what is commented out or rewritten in cell `number`,
    learning what the notebook's names mean on the way (`symbols`, shared by all cells). Nothing
    is edited yet: returns (syntax tree, Plan) for rewrite_hosted_paths and apply_plan, which
    statements.edit_statements runs right after (apply_plan reports what it edits)."""
    tree = parse_cell(source, number)
    plan = Plan(lines=source.split("\n"))
    for stmt in tree.body:
        _plan_statement(stmt, symbols, plan)
    plan.hoisted = [stmt for stmt in tree.body if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"]
    return tree, plan
