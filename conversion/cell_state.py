"""What the cell passes know about the cell they rewrite: one CellState per code cell.

Every cell pass is `(source, cell) -> (source, notes)` with `cell` a CellState. The symbol
table is the notebook's, shared by all its cells (what a name means in cell 5 depends on
cells 1 to 4); everything else belongs to this cell alone and is created empty for it.
"""
from dataclasses import dataclass, field

from .symbols import SymbolTable


@dataclass
class CellState:
    """One code cell on its way through pipeline.CELL_PASSES.

    number: Jupyter's order, counting every cell from 1 as the report does (`f"cell {cell.number}"`).
    symbols: the notebook's symbol table (symbols.SymbolTable), learnt cell by cell.
    magic_lines: {line: original text} of the IPython lines magics.handle_magics replaced by a
        sentinel, so that the statement edit comments them with their own text.
    notes: the report's (line, why) pairs the passes gave so far (pipeline.rewrite_cell fills it).
    """

    number: int
    symbols: SymbolTable = field(default_factory=SymbolTable)
    magic_lines: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
