"""model_export/recoding.py: the code tables a notebook's pandas calls apply to its columns, seen as
the notebook runs (in a loop over columns, on the whole frame, through `.apply`), and the text
columns of the files it reads; nothing else is taken for a code table."""
import textwrap

import pytest
from recorded import run_recorded

SCRIPT = """
import numpy as np
import pandas as pd
from sklearn.preprocessing import LabelEncoder
pd.DataFrame({"smoker": ["yes", "no", "no", "yes", None, "no"], "region": ["north", "south", "east", "north", "east", "south"],
              "size": ["2", "4", "more", "2", "4", "more"], "age": [31, 45, 52, 28, 60, 40],
              "name": ["Ann", "Bob", "Cy", "Di", "Ed", "Flo"]}).to_csv("people.csv", index=False)

looped = pd.read_csv("people.csv")
for col in ["smoker", "region"]:
    looped[col] = looped[col].map({"yes": 1, "no": 0, "north": 0, "south": 1, "east": 2})
whole = pd.read_csv("people.csv").replace({"yes": 1, "no": 0})
in_place = pd.read_csv("people.csv")
in_place.replace({"yes": 1, "no": 0}, inplace=True)
applied = pd.read_csv("people.csv").fillna("no")[["smoker", "size"]].apply(LabelEncoder().fit_transform)
lambdas = pd.read_csv("people.csv")
lambdas["region"] = lambdas["region"].apply(lambda r: 1 if r == "north" else 0)
text_to_text = pd.read_csv("people.csv")["region"].map({"north": "N", "south": "S", "east": "E"})
numbers = pd.read_csv("people.csv")["age"].map(lambda a: a // 10)
several = pd.read_csv("people.csv")
several["size"] = several["size"].replace({"2": 1, "4": 1, "more": 2})
not_one = pd.read_csv("people.csv")
not_one["region"] = not_one["region"].apply(lambda r, n=iter(range(100)): next(n))
summary = pd.read_csv("people.csv").groupby("region")["age"].apply(list)  # pandas' own calls inside: not the notebook's
assigned = pd.read_csv("people.csv").fillna("no")
for col in ["smoker"]:
    assigned[col] = np.where(assigned[col] == "yes", 1, 0)
assigned["size"] = assigned["size"].astype("category").cat.codes
assigned["name"] = assigned["name"].str.len()
rowwise = pd.read_csv("people.csv")[["region", "age"]].apply(lambda r: 1 if r.region == "north" else 0, axis=1)
after = recorder.stop()
recoded = [[r.column, r.table, r.line, r.how, r.why] for r in after.recoded]
read = [[r.line, r.how, r.text] for r in after.read]
print("SUMMARY " + json.dumps({"recoded": recoded, "read": read, "errors": after.errors}))
"""


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return run_recorded(tmp_path_factory.mktemp("recoding"), textwrap.dedent(SCRIPT))


def _at(summary, line, how=None):
    """The tables recorded at a line of SCRIPT (the prelude adds three lines before it), by calls (or
    by assignments: `how`)."""
    return [r[:2] + r[3:] for r in summary["recoded"] if r[2] == line + 3 and (r[3] == how if how else r[3] != "an assignment")]


def test_a_map_in_a_loop_over_columns_gives_each_column_its_table(summary):
    assert _at(summary, 11) == [["smoker", {"yes": 1, "no": 0}, ".map", None],
                                ["region", {"north": 0, "south": 1, "east": 2}, ".map", None]]


def test_a_frame_wide_replace_gives_the_table_of_each_column_it_coded(summary):
    assert _at(summary, 12) == [["smoker", {"yes": 1, "no": 0}, ".replace", None]]


def test_a_replace_in_place_is_seen_on_the_frame_it_changed(summary):
    assert _at(summary, 14) == [["smoker", {"yes": 1, "no": 0}, ".replace", None]]


def test_a_label_encoder_applied_to_a_frame_gives_each_columns_classes(summary):
    assert _at(summary, 15) == [["smoker", {"no": 0, "yes": 1}, ".apply", None],
                                ["size", {"2": 0, "4": 1, "more": 2}, ".apply", None]]


def test_a_lambda_given_to_apply_is_seen_by_what_it_made(summary):
    assert _at(summary, 17) == [["region", {"north": 1, "south": 0, "east": 0}, ".apply", None]]


def test_numbers_assigned_over_a_text_column_give_its_table_row_by_row(summary):
    assert _at(summary, 27, "an assignment") == [["smoker", {"yes": 1, "no": 0}, "an assignment", None]]
    assert _at(summary, 28, "an assignment") == [["size", {"2": 0, "4": 1, "more": 2}, "an assignment", None]]


def test_an_assignment_is_no_table_where_a_value_is_on_one_row_only(summary):
    assert _at(summary, 29, "an assignment") == [["name", None, "an assignment", "some values are on one row only, so "
                                                  "its numbers need not be a code of the text"]]


def test_text_made_text_and_numbers_made_numbers_are_no_code_tables(summary):
    assert _at(summary, 18) == [] and _at(summary, 19) == []


def test_several_values_may_share_a_code_but_a_value_with_several_codes_is_no_table(summary):
    assert _at(summary, 21) == [["size", {"2": 1, "4": 1, "more": 2}, ".replace", None]]
    assert _at(summary, 23) == [["region", None, ".apply", "the same text became different numbers"]]


def test_a_row_wise_apply_of_a_frame_is_no_coding_of_its_one_text_column(summary):
    assert _at(summary, 30) == []


def test_calls_pandas_makes_itself_are_not_recorded(summary):
    assert _at(summary, 24) == [] and summary["errors"] == 0


def test_the_text_columns_of_a_file_read_are_kept_as_written(summary):
    line, how, text = summary["read"][0]
    assert (line, how) == (9 + 3, "read_csv")
    assert text == {"smoker": ["yes", "no"], "region": ["north", "south", "east"], "size": ["2", "4", "more"],
                    "name": ["Ann", "Bob", "Cy", "Di", "Ed", "Flo"]}


LOC_WRITES = """
import warnings
import pandas as pd
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    pd.set_option("future.infer_string", False)  # as the converted script has it: object text columns
df = pd.DataFrame({"Sex": ["male", "female", "male", "female", "male"], "n": [1, 2, 3, 4, 5]})
df.loc[df["Sex"] == "male", "Sex"] = 0
df.loc[df["Sex"] == "female", "Sex"] = 1
df.loc[df["n"] > 3, "n"] = 9
after = recorder.stop()
print("SUMMARY " + json.dumps({"recoded": [[r.column, r.table, r.how] for r in after.recoded], "errors": after.errors}))
"""


def test_partial_loc_writes_that_leave_a_text_column_all_numbers_give_its_table(tmp_path):
    summary = run_recorded(tmp_path, textwrap.dedent(LOC_WRITES))
    assert summary == {"recoded": [["Sex", {"male": 0, "female": 1}, ".loc writes"]], "errors": 0}
