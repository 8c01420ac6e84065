"""model_export/gap_fill.py: gaps the notebook filled outside its model, observed against the file as read."""
import pandas as pd

from model_export.gap_fill import as_read
from model_export.reads import Read


def _read(**columns):
    return [Read("pima.csv", 1, pd.DataFrame(columns), True)]


def test_zeros_filled_with_one_value_are_a_fill_whose_gap_is_0():
    found = as_read("glucose", [121.5, 90.0, 121.5, 150.0], pd.RangeIndex(4), _read(glucose=[0, 90, 0, 150]))
    assert found is not None and found.fill == {"value": 121.5, "gaps": [0.0]}


def test_a_0_the_notebook_kept_as_0_beside_zeros_it_filled_is_no_fill():
    """The service would fill every 0: the notebook filled only some, so 0 is no mark of a gap."""
    assert as_read("glucose", [121.5, 0.0, 90.0, 150.0], pd.RangeIndex(4), _read(glucose=[0, 0, 90, 150])) is None
