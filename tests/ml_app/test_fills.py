"""ml_app/fills.py: gaps filled before the encoding, as the notebook filled them."""
import pytest

from ml_app.fills import FillError
from ml_app.fills import as_fills as compiled
from ml_app.inputs import _field, _key

INPUTS = [
    {"name": "glucose", "kind": "number", "missing": True, "fill": {"value": 121.5, "gaps": [0]}},
    {"name": "pclass", "kind": "integer", "missing": False},
    {"name": "age", "kind": "number", "missing": True,
     "fill": {"by": "pclass", "values": [[1, 37.0], [3, 24.0]], "gaps": []}},
    {"name": "smoker", "kind": "category", "values": ["no", "yes"], "missing": True, "fill": {"value": "no", "gaps": []}},
]
INDEX = {spec["name"]: i for i, spec in enumerate(INPUTS)}


def as_fills(inputs, index, key):
    """fills.as_fills with the inputs' fields compiled as inputs.py compiles them."""
    return compiled(inputs, index, key, tuple(_field({"kind": "number", **spec}, i) for i, spec in enumerate(inputs)))


def test_a_gap_or_a_number_standing_for_one_becomes_the_fill_and_other_values_stay():
    fills = as_fills(INPUTS, INDEX, _key)
    assert fills.apply([None, 1.0, None, None]) == [121.5, 1.0, 37.0, "no"]
    assert fills.apply([0.0, 3.0, 40.0, "yes"]) == [121.5, 3.0, 40.0, "yes"]
    assert fills.apply([99.0, 3.0, None, "no"]) == [99.0, 3.0, 24.0, "no"]


def test_a_gap_whose_row_has_a_value_without_a_fill_is_named_and_a_filled_one_is_not():
    fills = as_fills(INPUTS, INDEX, _key)
    assert fills.problems([None, 1.0, None, None]) == []
    [(name, why)] = fills.problems([None, 2.0, None, None])
    assert name == "age" and why == "must be given when pclass is 2.0: the notebook filled a gap only where pclass is one of 1, 3"
    assert fills.problems([None, 2.0, 30.0, None]) == []


def test_false_is_not_the_number_0_that_stands_for_a_gap():
    fills = as_fills([{"name": "flag", "missing": True, "fill": {"value": 1.0, "gaps": [0]}}], {"flag": 0}, _key)
    assert fills.apply([False]) == [False] and fills.apply([0]) == [1.0]


def test_no_input_with_a_fill_is_no_fills():
    assert as_fills([{"name": "x"}], {"x": 0}, _key) is None


def test_a_fill_on_a_required_input_is_refused():
    with pytest.raises(FillError, match="a fill needs \"missing\": true"):
        as_fills([{"name": "x", "missing": False, "fill": {"value": 1.0, "gaps": []}}], {"x": 0}, _key)


@pytest.mark.parametrize("inputs, message", [
    ([{**INPUTS[0], "fill": {"value": "abc", "gaps": []}}], "input 'glucose': the fill's value 'abc' must be a number"),
    (INPUTS[3:] + [{**INPUTS[3], "name": "drinker", "fill": {"value": "often", "gaps": []}}],
     "input 'drinker': the fill's value 'often' must be one of"),
    ([INPUTS[1], {**INPUTS[2], "fill": {"by": "pclass", "values": [["3", 24.0]], "gaps": []}}],
     "input 'age': the fill's pclass '3' must be a whole number"),
])
def test_a_fill_its_input_would_not_accept_is_refused_naming_it(inputs, message):
    with pytest.raises(FillError, match=message):
        as_fills(inputs, {spec["name"]: i for i, spec in enumerate(inputs)}, _key)
