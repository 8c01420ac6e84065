"""What a conversion says: the report's lines, and the error that stops it.

Every pass reports what it changed so that a data scientist can check the script against the
notebook; a notebook that cannot be converted stops with one message naming the cell.
"""
from dataclasses import dataclass


class ConvertError(Exception):
    """The notebook cannot be converted; the message names the cell."""


@dataclass(frozen=True)
class Note:
    """One line of the report: where, and why it was commented out or rewritten.

    Cells are numbered from 1 counting every cell, top to bottom as Jupyter shows them, and
    lines from 1 within the cell, so the reader finds the line in Jupyter itself.
    """

    cell: int
    line: int
    why: str

    def __str__(self):
        return f"cell {self.cell} line {self.line}: {self.why}"
