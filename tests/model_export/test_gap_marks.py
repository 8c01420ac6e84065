"""model_export/gap_marks.py (through gap_fill.as_read): a number column the file writes as text because one
mark (`?`) stands for its gaps is the raw column when the model's values are its numbers, the marks filled
with one value; the service then takes null for them. Text that is not numbers with one mark stays text."""
import pandas as pd

from model_export.gap_fill import as_read
from model_export.gap_marks import as_numbers
from model_export.reads import Read


def _read(column):
    return [Read("auto-mpg.data", 1, pd.DataFrame({"horsepower": column}), True)]


def test_numbers_with_one_mark_for_their_gaps_are_the_raw_column_filled_with_one_value():
    file = ["130.0", "?", "95.0", "?", "150.0"]
    trained = [130.0, 125.0, 95.0, 125.0, 150.0]  # df.replace('?', np.nan).astype(float).fillna(125.0)
    found = as_read("horsepower", trained, pd.RangeIndex(5), _read(file))
    assert found is not None and found.fill == {"value": 125.0, "gaps": []}


def test_a_mark_turned_into_another_number_in_some_rows_only_is_not_a_fill():
    file = ["130.0", "?", "95.0", "?", "150.0"]
    assert as_read("horsepower", [130.0, 125.0, 95.0, 126.0, 150.0], pd.RangeIndex(5), _read(file)) is None


def test_text_with_several_words_or_a_long_word_stays_text():
    assert as_numbers(["yes", "no", "1.0"], [1.0, 0.0, 1.0]) == ["yes", "no", "1.0"]
    assert as_numbers(["unknown", "2.0"], [0.0, 2.0]) == ["unknown", "2.0"]
    assert as_numbers(["?", "2.0"], ["a", "b"]) == ["?", "2.0"]
    assert as_numbers(["?", "2.0", None], [1.0, 2.0, None]) == [None, 2.0, None]
