"""Plotting, statement by statement: whether one statement plots, and what of it can stay.

symbols.py says what a name or expression means; this module turns that into a
decision about one statement: a simple statement that plots or uses a plot (commented whole,
and the names it assigns then hold plots too), a block whose header needs a plot, a loop that
only zips a plot object with real data (its header loses the plot), a function returning a
plot beside its real result (the plot returned as None), a plotting decorator (commented
alone). plan.py walks the cell's statements and records these decisions.
"""
import ast
from types import SimpleNamespace

from .symbols import chain_reason, nested_plot_reason, uses_plot_result
from .syntax import char_column, target_names

def _held_value(why):
    """What an assignment's targets hold when the statement is commented for `why` (None: kept)."""
    if why is None:
        return None
    return "keyboard input" if "keyboard input" in why else "plot result"

def _assignment_parts(stmt):
    """(targets, value) of any assignment statement, else None."""
    if isinstance(stmt, ast.Assign):
        return stmt.targets, stmt.value
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and stmt.value is not None:
        return [stmt.target], stmt.value
    return None

def _plotting_lambda(targets, value, names):
    """`draw = lambda c: plt.hist(df[c])` defines a plotting helper: the assignment stays (it
    draws nothing), and the name becomes a plotting function so that `draw(col)` is commented."""
    if not (isinstance(value, ast.Lambda) and len(targets) == 1 and isinstance(targets[0], ast.Name)):
        return False
    body = value.body
    if not (chain_reason(body, names) or nested_plot_reason(body, names) or uses_plot_result(body, names)):
        return False
    names.rebind([targets[0].id], False)
    names.libraries[targets[0].id] = f"plotting function {targets[0].id}()"
    return True


def _plot_positions(elements, names):
    """Indexes of the elements of a tuple expression that are plots (`fig` in `model, fig`)."""
    return {i for i, element in enumerate(elements)
            if uses_plot_result(element, names) or chain_reason(element, names) or nested_plot_reason(element, names)}


def plan_mixed_return(stmt, names, plan):
    """`return model, fig` in a function that trains and plots: the plots are returned as None
    (`return model, None`), so the function and its real result stay; the positions are recorded
    so `model, fig = train_and_plot(...)` knows `fig` holds a plot. True when rewritten."""
    if not (plan.returns and isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Tuple)):
        return False
    elements = stmt.value.elts
    plots = _plot_positions(elements, names)
    if not plots or len(plots) == len(elements) or any(isinstance(e, ast.Starred) for e in elements):
        return False
    source = "\n".join(plan.lines)
    kept = ["None" if i in plots else ast.get_source_segment(source, e) for i, e in enumerate(elements)]
    plan.replaced.append((stmt, "return " + ", ".join(kept), "returns a plot: returned as None, the rest kept"))
    plan.returns[-1].update(plots)
    return True


def simple_statement_reason(stmt, names):
    """Why a simple (non-block) statement is plotting; updates what names hold plots."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return names.learn_import(stmt)
    if isinstance(stmt, ast.Delete):
        deleted = [name for name in target_names(stmt.targets) if name in names.results]
        return f"deletes plot result {deleted[0]}" if deleted else None
    parts = _assignment_parts(stmt)
    if parts is None:
        value = getattr(stmt, "value", None)
        why = chain_reason(value, names) if isinstance(value, ast.expr) else None
        why = why or (nested_plot_reason(value, names) if isinstance(value, ast.expr) else None)
        return why or uses_plot_result(stmt, names)
    targets, value = parts
    if _plotting_lambda(targets, value, names):
        return None
    why = chain_reason(value, names) or uses_plot_result(value, names) or nested_plot_reason(value, names)
    for target in targets:
        if not isinstance(target, ast.Name):
            why = why or chain_reason(target, names) or uses_plot_result(target, names)
    names.rebind(target_names(targets), _held_value(why))
    if why is None and isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
            and len(targets) == 1 and isinstance(targets[0], ast.Tuple):
        positions = names.plot_returns.get(value.func.id, set())
        names.rebind([e.id for i, e in enumerate(targets[0].elts) if i in positions and isinstance(e, ast.Name)], True)
    return why


def header_reason(stmt, names):
    """Why a block statement cannot run without plots: its loop iterable, condition or context
    manager uses a plot result, or is itself a plotting call. (`with plt.style.context(...)`
    works headless, so such a block is kept and only its plotting statements go.)"""
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return next(filter(None, (uses_plot_result(item.context_expr, names) for item in stmt.items)), None)
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        expr = stmt.iter
    elif isinstance(stmt, (ast.While, ast.If)):
        expr = stmt.test
    elif isinstance(stmt, ast.Match):
        expr = stmt.subject
    else:
        return None
    return uses_plot_result(expr, names) or chain_reason(expr, names) or nested_plot_reason(expr, names)

def block_targets(stmt):
    """Names a kept block statement binds itself: loop variables, `with ... as` names."""
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return target_names([stmt.target])
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return target_names([item.optional_vars for item in stmt.items if item.optional_vars])
    return []


def unzipped_loop(stmt, names):
    """(kept targets, kept iterables, plot targets) for `for col, ax in zip(cols, axes.flat):`, whose
    plot object can simply be dropped from the zip; None for any other loop. Only plain one-line
    headers of a `zip()` of plain arguments over as many plain names qualify, with the body on its
    own lines, so the rewrite is a clean edit of one line. (zip stops at its shortest argument: with
    fewer axes than columns, the kept body now also runs for the columns that had no axis.)"""
    if not isinstance(stmt, ast.For):
        return None
    call, target = stmt.iter, stmt.target
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "zip" and not call.keywords and isinstance(target, ast.Tuple)
            and len(target.elts) == len(call.args) and stmt.lineno == call.end_lineno < stmt.body[0].lineno):
        return None
    if any(isinstance(arg, ast.Starred) for arg in call.args) or not all(isinstance(t, ast.Name) for t in target.elts):
        return None
    plots = [bool(uses_plot_result(arg, names) or chain_reason(arg, names)) for arg in call.args]
    if all(plots):
        return None
    kept = [(t, arg) for t, arg, plot in zip(target.elts, call.args, plots) if not plot]
    dropped = [t.id for t, plot in zip(target.elts, plots) if plot]
    return [t for t, _ in kept], [arg for _, arg in kept], dropped


def _decorator_span(decorator, lines):
    """The source span of a decorator line from its `@` (ast starts a decorator after it), so the
    line can be commented like a statement; None when the `@` is not on the decorator's line."""
    line = lines[decorator.lineno - 1]
    at = line.rfind("@", 0, char_column(line, decorator.col_offset))
    if at < 0 or line[:at].strip():
        return None
    return SimpleNamespace(lineno=decorator.lineno, col_offset=len(line[:at].encode("utf-8")),
                           end_lineno=decorator.end_lineno, end_col_offset=decorator.end_col_offset)


def plan_decorators(stmt, names, plan):
    """A plotting decorator (`@interact(n=(1, 10))`, `@widgets.interact`) is commented out alone: the
    function it decorates may be real work, and in Jupyter the decorator only shows a widget."""
    for decorator in stmt.decorator_list:
        why = chain_reason(decorator, names) or uses_plot_result(decorator, names)
        span = _decorator_span(decorator, plan.lines) if why else None
        if span:
            plan.commented.append((span, f"plotting decorator: {why}"))
