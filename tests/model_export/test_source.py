"""model_export/source.py: the notebook's own code read for column assignments and code tables."""
import textwrap

from model_export.source import assignments, code_tables, notebook_nodes

CODE = textwrap.dedent("""
    import pandas as pd
    df = pd.read_csv('titanic.csv')
    df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
    df.Embarked = df.Embarked.replace(['S', 'C', 'Q'], [0, 1, 2])
    df = df.replace({'Pclass_name': {'first': 1, 'second': 2}})
    df['FamilySize'] = df['SibSp'] + df.Parch + 1
    df = df.assign(Fare_per_person=lambda d: d['Fare'] / d['FamilySize'])
    df['Age'] = df['Age'].fillna(df['Age'].median())
    ports = {'S': 0, 'C': 1}
    df['Port'] = df['Port'].map(ports)
    df['Labels'] = df['Labels'].map({'a': 'x'})
""")


def nodes(tmp_path):
    path = tmp_path / "script.py"
    path.write_text(CODE)
    return notebook_nodes(str(path))


def test_code_tables_applied_to_a_column_are_found_literal_or_kept_in_a_variable(tmp_path):
    tables = code_tables(nodes(tmp_path), {"ports": {"S": 0, "C": 1}})
    assert tables == {"Sex": {"male": 0, "female": 1}, "Embarked": {"S": 0, "C": 1, "Q": 2},
                      "Pclass_name": {"first": 1, "second": 2}, "Port": {"S": 0, "C": 1}}  # not text to text


def test_assignments_say_which_columns_a_column_is_computed_from_and_where(tmp_path):
    found = assignments(nodes(tmp_path))
    known = {"Sex", "SibSp", "Parch", "Fare", "FamilySize", "Age"}
    assert found["FamilySize"][0].reads(known) == {"SibSp", "Parch"} and found["FamilySize"][0].line == 7
    assert found["Fare_per_person"][0].reads(known) == {"Fare", "FamilySize"}
    assert found["Sex"][0].reads(known) == {"Sex"}
    assert found["Age"][0].fills_itself() and not found["FamilySize"][0].fills_itself()


def test_only_the_notebooks_lines_are_read_between_the_export_markers(tmp_path):
    from model_export._common import APPENDIX_MARKER, PROLOGUE_END
    path = tmp_path / "script.py"
    path.write_text(f"x = {{}}\nx['early'] = 1\n{PROLOGUE_END}\ndf = {{}}\ndf['a'] = 1\n{APPENDIX_MARKER}\ndf['late'] = 2\n")
    assert list(assignments(notebook_nodes(str(path)))) == ["a"]


def test_a_replace_keeps_a_columns_values_only_where_it_makes_text_placeholders_gaps(tmp_path):
    """The converter's `.infer_objects()` after a replace (pandas 3) changes a dtype, not values: the
    replace before it decides. '?' made NaN is cleaning; 'M' made 'A', or 0 made NaN, changes values."""
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent("""
        df['hp'] = df['hp'].replace('?', np.nan).infer_objects()
        df['sex'] = df['sex'].replace('M', 'A').infer_objects()
        df[['bmi', 'insulin']] = df[['bmi', 'insulin']].replace(0, np.nan).infer_objects()
        df['age'] = df['age'].astype(float)
    """))
    found = assignments(notebook_nodes(str(path)))
    assert found["hp"][0].keeps_values() and found["age"][0].keeps_values()
    assert not found["sex"][0].keeps_values()
    assert not found["bmi"][0].keeps_values() and found["insulin"][0].elementwise
    assert found["bmi"][0].reads({"bmi", "insulin"}) == {"bmi"}  # each column from itself
