"""Top-level await: Jupyter runs `x = await f()` in its event loop; a script has none.

Each top-level await runs on one event loop kept for the whole script (objects bound to it
survive across cells), created by a cell added before the first cell that needs it.
Top-level `async for` / `async with`, and an await inside another, are clear errors.
"""
import ast

import nbformat

from .notes import ConvertError
from .syntax import char_column, parse_cell

AWAIT_RUNNER = "_convert_await_"
EVENT_LOOP = "_convert_loop_"
EVENT_LOOP_CELL = f"""\
# convert.py: Jupyter runs top-level `await` in its event loop; the script runs it in this one.
import asyncio as _convert_asyncio
{EVENT_LOOP} = _convert_asyncio.new_event_loop()
_convert_asyncio.set_event_loop({EVENT_LOOP})


async def {AWAIT_RUNNER}(thunk):
    return await thunk()"""


def _top_level_awaits(tree, cell):
    """The `await` expressions a cell runs outside any function (Jupyter allows them; a script
    cannot). Top-level `async for` / `async with`, and an await inside another, are clear errors."""
    found = []

    def visit(node, inside_await):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # its awaits belong to it
            if isinstance(child, (ast.AsyncFor, ast.AsyncWith)) or getattr(child, "is_async", 0):
                raise ConvertError(f"cell {cell} line {child.lineno}: top-level `async for`/`async with` cannot run "
                                   "in a script; move it into an `async def main()` and `await main()` in the cell")
            if isinstance(child, ast.Await):
                if inside_await:
                    raise ConvertError(f"cell {cell} line {child.lineno}: an `await` inside another top-level `await`; "
                                       "assign the inner one to a name on its own line first")
                found.append(child)
            visit(child, inside_await or isinstance(child, ast.Await))

    visit(tree, False)
    return found


def run_top_level_awaits(source, cell):
    """`x = await fetch()` -> `x = _convert_loop_.run_until_complete(_convert_await_(lambda: fetch()))`.

    The awaited expression is evaluated inside the running loop (so `await asyncio.gather(...)`
    works), on one loop kept for the whole script (objects bound to it survive across cells);
    the loop itself is defined by EVENT_LOOP_CELL, which add_event_loop puts before the first
    cell that needs it. Cell pass: returns (source, notes); the line count is unchanged."""
    awaits = _top_level_awaits(parse_cell(source, cell.number), cell.number)
    lines = source.split("\n")
    edits = []
    for node in awaits:
        line = lines[node.lineno - 1]
        start = char_column(line, node.col_offset)
        keyword_end = start + len("await")
        while keyword_end < len(line) and line[keyword_end] in " \t":
            keyword_end += 1
        edits.append((node.lineno - 1, start, keyword_end, f"{EVENT_LOOP}.run_until_complete({AWAIT_RUNNER}(lambda: "))
        end = char_column(lines[node.end_lineno - 1], node.end_col_offset)
        edits.append((node.end_lineno - 1, end, end, "))"))
    for index, start, end, text in sorted(edits, reverse=True):
        lines[index] = lines[index][:start] + text + lines[index][end:]
    notes = [(node.lineno, "top-level await: run on the script's event loop") for node in awaits]
    return "\n".join(lines), notes


def _needs_event_loop(source):
    """True when a rewritten cell runs a top-level await through the script's event loop."""
    return any(isinstance(node, ast.Name) and node.id == AWAIT_RUNNER for node in ast.walk(ast.parse(source)))


def add_event_loop(notebook):
    """Notebook pass: the event loop cell (EVENT_LOOP_CELL) before the first cell that runs a
    top-level await, so the loop exists before any cell uses it. Reports nothing: each await was."""
    first_await = next((i for i, cell in enumerate(notebook.cells)
                        if cell.cell_type == "code" and _needs_event_loop(cell.source)), None)
    if first_await is not None:
        notebook.cells.insert(first_await, nbformat.v4.new_code_cell(EVENT_LOOP_CELL))
    return notebook, []
