"""A number column a file writes as text because one mark stands for its gaps (UCI's `?`).

`pd.read_csv('auto-mpg.data')` reads a horsepower column holding `130.0` and `?` as text; the
notebook then makes the marks gaps (`df.replace('?', np.nan)`), the column numbers
(`astype(float)`) and fills the gaps (`fillna(mean)`). The model's values are then that column,
read as numbers, but for its gaps: gap_fill.as_read compares them once the file's text is read as
the numbers it writes and the one mark as a gap (None), and the service takes the number, or null
for a value not known, and fills it as the notebook did.
"""
import numbers

#: A mark is one short text: a column with several texts that are no numbers is text, not numbers with gaps.
MAX_MARK = 3


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def as_numbers(raw, values):
    """`raw` (a file column's values at the model's rows, None for a gap) as numbers, the one mark
    None, when every one of them is text, the model's `values` numbers, and every text but one short
    mark a number; else `raw` unchanged."""
    given = [r for r in raw if r is not None]
    if not given or not all(isinstance(r, str) for r in given) \
            or not all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in values if v is not None):
        return raw
    marks = {r for r in given if _number(r) is None}
    if len(marks) != 1 or len(next(iter(marks)).strip()) > MAX_MARK:
        return raw
    return [None if r is None or r in marks else _number(r) for r in raw]
