"""Keyboard input: what an `input()` call feeds cannot exist in a headless build.

Jupyter shows a text box; a script has no one to type, so input() raises EOFError or hangs.
A statement calling input() is commented with the statements using what it read (the names
it set hold "keyboard input", see symbols.SymbolTable), a `while` loop that reads the
keyboard is commented whole, and input() inside a `try` that copes with no keyboard stays.
"""
import ast

from .syntax import terminal_name

KEYBOARD_INPUT = ("input",)  # Jupyter shows a text box; a headless build has no one to type (EOFError, or a hang)


def is_keyboard_input(name, names):
    """Whether a call of `name` reads the keyboard: Python's own input(), not one the notebook
    defined itself, and not inside a try that already copes with a failed read."""
    return name in KEYBOARD_INPUT and name not in names.user_defined and not names.input_guarded


def asks_for_input(stmt, names):
    """A `while` loop that reads the keyboard (`while True: s = input(); if s == 'q': break`):
    headless, its input() calls are commented, so only commenting the whole loop stops it
    spinning forever on what is left."""
    return isinstance(stmt, ast.While) and any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and names.root_reason(node.func, None) == "keyboard input"
        for node in ast.walk(stmt)
    )


def catches_failed_input(stmt):
    """A try whose handler catches what input() raises with no one to type (EOFError; Jupyter's
    StdinNotImplementedError is an Exception): the notebook already copes, so its input() stays."""
    handlers = getattr(stmt, "handlers", None) if isinstance(stmt, ast.Try) else None
    caught = {terminal_name(node) for handler in handlers or () for node in
              ([handler.type] if not isinstance(handler.type, ast.Tuple) else handler.type.elts) if node}
    return bool(handlers) and (any(h.type is None for h in handlers)
                               or bool(caught & {"EOFError", "Exception", "BaseException"}))
