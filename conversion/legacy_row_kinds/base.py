"""What every kind of row in legacy_table.TABLE shares: the base `Row` (the report's text, the
example and its expected rewrite) and the helpers more than one module of kinds reads (`ANY`,
`literal_value`). Apart so that each module of kinds imports it and none imports another.
"""
import ast
from dataclasses import dataclass

ANY = object()  # a keyword row matching every value


def literal_value(node):
    """A keyword's literal value; a non-literal matches no `when`."""
    return node.value if isinstance(node, ast.Constant) else _NOT_LITERAL


_NOT_LITERAL = object()


@dataclass(frozen=True, kw_only=True)
class Row:
    """What every row has: the report's text, and an example of the old code with its rewrite
    (tests/conversion/test_legacy_api.py runs both)."""

    why: str
    example: str = ""
    expected: str = ""
    old_result: object = None  # for an API that gives another answer instead of failing: what it gave
