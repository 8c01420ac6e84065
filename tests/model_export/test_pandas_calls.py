"""model_export/pandas_calls.py: the recorder keeps what the notebook's own pd.get_dummies calls made
(each dummy column's raw column and value, the values left without a column, the gaps) and the
categories and number ranges of the frames it read from files; pandas' own results are unchanged."""
from recorded import run_recorded

from model_export import recorder

SCRIPT = """
import pandas as pd
pd.DataFrame({'bp': ['HIGH', 'LOW', 'NORMAL', 'LOW'], 'sex': ['F', None, 'M', 'F'], 'age': [23, 47, 61, 35],
              'kind': [1, 2, 1, 3]}).to_csv('drugs.csv', index=False)
data = pd.read_csv('drugs.csv')
plain = pd.get_dummies(data, columns=['bp'], drop_first=True)
named = pd.get_dummies(data[['sex', 'kind']], columns=['sex', 'kind'], prefix={'sex': 'gender', 'kind': 'kind'}, prefix_sep=':')
alone = pd.get_dummies(data['bp'])
def inside():  # the notebook's own function: still the notebook's call
    return pd.get_dummies(data['sex'], prefix='s')
inside()
rec = recorder.stop()
after = pd.get_dummies(data, columns=['sex'])  # after stop: not recorded
summary = {
    "calls": [{"made": {k: list(v) for k, v in c.made.items()}, "dropped": c.dropped, "gaps": sorted(c.gaps)}
              for c in rec.dummies],
    "reads": [{"values": {k: sorted(v) for k, v in r.values.items()}, "ranges": r.ranges} for r in rec.frames_read],
    "columns": list(plain.columns), "errors": rec.errors}
print("SUMMARY " + json.dumps(summary))
"""


def test_get_dummies_calls_and_files_read_are_recorded_as_the_notebook_made_them(tmp_path):
    summary = run_recorded(tmp_path, SCRIPT)
    plain, named, alone, inside = summary["calls"]
    assert plain == {"made": {"bp_LOW": ["bp", "LOW"], "bp_NORMAL": ["bp", "NORMAL"]}, "dropped": {"bp": ["HIGH"]},
                     "gaps": []}
    assert named["made"] == {"gender:F": ["sex", "F"], "gender:M": ["sex", "M"], "kind:1": ["kind", 1],
                             "kind:2": ["kind", 2], "kind:3": ["kind", 3]}
    assert (named["dropped"], named["gaps"]) == ({"sex": [], "kind": []}, ["sex"])  # sex has a gap: all zeros
    assert alone["made"] == {"HIGH": ["bp", "HIGH"], "LOW": ["bp", "LOW"], "NORMAL": ["bp", "NORMAL"]}
    assert inside["made"] == {"s_F": ["sex", "F"], "s_M": ["sex", "M"]}
    assert len(summary["calls"]) == 4 and summary["errors"] == 0
    assert summary["reads"] == [{"values": {"bp": ["HIGH", "LOW", "NORMAL"], "sex": ["F", "M"]},
                                 "ranges": {"age": [23.0, 61.0], "kind": [1.0, 3.0]}}]
    assert summary["columns"] == ["sex", "age", "kind", "bp_LOW", "bp_NORMAL"]  # pandas' result as ever


def test_uninstall_restores_pandas_functions():
    import pandas as pd
    original = pd.get_dummies
    recorder.install(script="<no such script>")
    try:
        assert pd.get_dummies.__observed__ is original and pd.read_csv.__observed__ is not None
    finally:
        recorder.uninstall()
    assert pd.get_dummies is original and not hasattr(pd.read_csv, "__observed__")
