"""Applying the plan: the cell's text edited as plan_cell decided, everything else byte for byte.

A statement to comment keeps its text after `# ` on every line it spans; one that shares its
line with code that stays becomes `pass` (or its fixed import) with its text in a trailing
comment; a block left empty gets a `pass` line; a loop header drops its plot object. Columns
from `ast` count UTF-8 bytes, so every edit converts them to characters (syntax.char_column).
"""
import ast

from .notes import ConvertError
from .syntax import char_column, comment_lines, is_magic_sentinel

def _line_spans(stmt, lines):
    """{line index: (start col, end col)} covered by a statement, in characters."""
    spans = {}
    for index in range(stmt.lineno - 1, stmt.end_lineno):
        start = char_column(lines[index], stmt.col_offset) if index == stmt.lineno - 1 else 0
        end = char_column(lines[index], stmt.end_col_offset) if index == stmt.end_lineno - 1 else len(lines[index])
        spans[index] = (start, end)
    return spans


def _leftover_code(line, spans):
    """What remains on a line once the commented statements' spans, `;` and any comment are removed."""
    kept = list(line)
    for start, end in spans:
        kept[start:end] = [" "] * (end - start)
    text = "".join(kept).split("#", 1)[0]
    return text.replace(";", "").strip()


def _partial_statements(commented, lines):
    """Commented statements that share a line with code that stays (`x = 1; plt.show()`)."""
    per_line = {}
    for stmt in commented:
        for index, span in _line_spans(stmt, lines).items():
            per_line.setdefault(index, []).append(span)
    return {
        id(stmt) for stmt in commented
        if any(_leftover_code(lines[i], per_line[i]) for i in (stmt.lineno - 1, stmt.end_lineno - 1))
    }

def _replace_span(lines, stmt, original, replacement="pass"):
    """Replace a statement that shares its line with `pass` (or a fixed import), its text moved
    to a trailing comment."""
    text = original.strip() if original is not None else ast.get_source_segment("\n".join(lines), stmt)
    first, last = stmt.lineno - 1, stmt.end_lineno - 1
    head = lines[first][: char_column(lines[first], stmt.col_offset)]
    tail = lines[last][char_column(lines[last], stmt.end_col_offset):]
    lines[first: last + 1] = [f"{head}{replacement}{tail}  # {' '.join(text.split())}"]


def _header_text(source, targets, iterables):
    """`col in cols` for one kept pair, `a, b in zip(x, y)` for several, original text kept."""
    names = ", ".join(t.id for t in targets)
    parts = [ast.get_source_segment(source, node) for node in iterables]
    return f"{names} in {parts[0] if len(parts) == 1 else 'zip(' + ', '.join(parts) + ')'}"


def _rewrite_header(lines, source, loop, targets, iterables):
    """Replace a one-line loop header's `targets in zip(...)` by the version without the plot object."""
    index = loop.lineno - 1
    start, end = char_column(lines[index], loop.target.col_offset), char_column(lines[index], loop.iter.end_col_offset)
    lines[index] = lines[index][:start] + _header_text(source, targets, iterables) + lines[index][end:]


def apply_plan(source, plan, magic_lines, number):
    """After plan_cell (statements.edit_statements): edit cell `number`'s text as `plan` says,
    the sentinels of `magic_lines` commented with their own text. Whole-line comments first (line
    count unchanged), then bottom-up the in-line `pass` replacements and the `pass` lines for
    emptied blocks. Returns (source, notes): a note for each edited statement."""
    lines = source.split("\n")
    if len(lines) != len(plan.lines):
        raise ConvertError(f"cell {number}: internal: a pass between plan_cell and apply_plan moved lines; "
                           "please report this.")
    for loop, targets, iterables in plan.headers:
        _rewrite_header(lines, source, loop, targets, iterables)
    statements = [stmt for stmt, _ in plan.commented]
    partial = _partial_statements(statements, lines)
    magic_text = lambda stmt: magic_lines.get(stmt.lineno) if is_magic_sentinel(stmt) else None  # noqa: E731
    done = set()
    for stmt in statements:
        if id(stmt) not in partial:
            comment_lines(lines, stmt, magic_text(stmt), done)
    operations = [((s.lineno, s.col_offset), "inline", s) for s in statements if id(s) in partial]
    operations += [((s.lineno, s.col_offset), text, s) for s, text, _ in plan.replaced]
    for block in plan.emptied:
        if any(id(stmt) not in partial for stmt in block):
            operations.append(((block[-1].end_lineno + 0.5, 0), "pass", block))
    for _, kind, target in sorted(operations, key=lambda op: op[0], reverse=True):
        if kind == "pass":
            first = lines[target[0].lineno - 1]
            lines.insert(target[-1].end_lineno, first[: len(first) - len(first.lstrip())] + "pass")
        elif kind == "inline":
            _replace_span(lines, target, magic_text(target))
        else:
            _replace_span(lines, target, None, replacement=kind)
    return "\n".join(lines), _plan_notes(source, plan)


def _plan_notes(source, plan):
    """The report's lines for what the plan edits, in the order the report has always listed
    them (the pipeline sorts by line; within a line, this order stays)."""
    notes = [(stmt.lineno, why) for stmt, why in plan.commented if why]
    notes += [(stmt.lineno, "from __future__ import: moved to the top of the script") for stmt in plan.hoisted]
    notes += [(stmt.lineno, why) for stmt, _, why in plan.replaced]
    notes += [(loop.lineno, f"loop over a plot object: header rewritten as "
               f"`for {_header_text(source, targets, iterables)}:`") for loop, targets, iterables in plan.headers]
    return notes
