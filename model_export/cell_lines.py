"""Where the notebook's own lines of a cell start in the script, when convert.py put code above them.

convert.py puts the code a notebook needs and does not have (helpers for removed library APIs, a
pandas option, a missing import) at the top of the first code cell rather than in a cell of its own,
so that cells keep Jupyter's numbers. The notebook's own lines of that cell then start after it: a
message naming `cell 2 line 32` for the cell's fifth line would send the user looking for a line
that is not there. CELL_STARTS, the line convert.py writes between its code and the cell's, tells
the recorder (recording.Recording.where) where to count from; one definition, read by both.
"""
CELL_STARTS = "# convert.py: the notebook's own lines of this cell follow"


def own_line(lines, first, line):
    """The number, in its cell, of script line `line` (1-based) of a cell whose first script line is
    `first`, counted from CELL_STARTS when convert.py wrote it above `line` in that cell; else None."""
    for number in range(line - 1, first - 1, -1):
        if lines[number - 1].strip() == CELL_STARTS:
            return line - number
    return None
