"""ml_app/batch_rows.py: the compiled row builder gives the dicts the plain comprehension gives."""
import numpy as np
import orjson
import pytest

from ml_app.batch_rows import as_rows, row_builder


def plain_rows(class_names, proba, best):
    """The reference: one dict per row, built the obvious way."""
    return [{"prediction": class_names[i], "probability": row[i], "probabilities": dict(zip(class_names, row))}
            for i, row in zip(best.tolist(), proba.tolist())]


NAMES = [
    ("setosa", "versicolor", "virginica"),
    ("0", "1"),
    ('quo"te', "back\\slash", "{brace}", "r[0]", "names", "k0", "é ünïcode", ""),
    tuple(f"class {j}" for j in range(40)),
]


@pytest.mark.parametrize("class_names", NAMES, ids=lambda names: f"{len(names)} classes")
def test_rows_match_the_plain_dicts_byte_for_byte(class_names):
    rng = np.random.default_rng(len(class_names))
    proba = rng.dirichlet(np.ones(len(class_names)), size=257)
    proba[3] = np.nan  # whatever the model says is passed on as it is
    best = proba.argmax(axis=1)
    rows, expected = as_rows(class_names, proba, best), plain_rows(class_names, proba, best)
    assert orjson.dumps(rows) == orjson.dumps(expected)  # values, keys and their order (NaN != NaN in ==)
    assert [list(row["probabilities"]) for row in rows] == [list(row["probabilities"]) for row in expected]


def test_a_builder_is_made_once_per_set_of_class_names():
    assert row_builder(("a", "b")) is row_builder(("a", "b"))
    assert row_builder(("a", "b"))(1, [0.25, 0.75]) == {"prediction": "b", "probability": 0.75,
                                                         "probabilities": {"a": 0.25, "b": 0.75}}
