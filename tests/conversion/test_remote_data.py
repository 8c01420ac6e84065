"""conversion/remote_data.py: data the author's kernel downloaded is read locally when the build
cannot download it (seaborn's load_dataset('iris'), a data file's URL); the helpers run here."""
import ast

import pytest
import seaborn

from conversion import runtime_helpers
from conversion.cell_state import CellState
from conversion.symbols import SymbolTable
from conversion.remote_data import as_local_data

UCI = "https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data"


def cell(imports="import seaborn as sns"):
    """Cell 1, knowing what the notebook imported."""
    names = SymbolTable()
    for node in ast.parse(imports).body:
        names.learn_import(node)
    return CellState(1, names)


def helpers():
    namespace = {}
    exec(runtime_helpers.prelude({"_convert_url_", "_convert_load_dataset_"}), namespace)
    return namespace


def test_a_data_files_url_goes_through_the_helper_and_is_reported():
    text, notes = as_local_data(f"url = '{UCI}'\ndf = pd.read_csv('https://example.com/data/Iris.csv?raw=true')", cell())
    assert text == (f"url = _convert_url_('{UCI}')\n"
                    "df = pd.read_csv(_convert_url_('https://example.com/data/Iris.csv?raw=true'))")
    assert [line for line, _ in notes] == [1, 2] and "notebook's folder" in notes[0][1]


@pytest.mark.parametrize("source", ["print('see https://en.wikipedia.org/wiki/Iris_flower_data_set')",
                                    "link = 'https://scikit-learn.org/stable/'", "path = f'https://x.org/{name}.csv'",
                                    "tips = sns.load_dataset('tips')"])
def test_what_is_no_iris_data_download_is_left_alone(source):
    assert as_local_data(source, cell()) == (source, [])


def test_seaborns_iris_goes_through_the_helper():
    text, notes = as_local_data("iris = sns.load_dataset('iris')", cell())
    assert text == "iris = _convert_load_dataset_('iris')" and notes[0][0] == 1


def test_another_librarys_load_dataset_is_left_alone():
    source = "iris = datasets.load_dataset('iris')"  # e.g. Hugging Face's datasets
    assert as_local_data(source, cell("import datasets")) == (source, [])


def test_a_url_is_read_from_the_notebooks_folder_only_when_the_file_is_there(tmp_path, monkeypatch, capsys):
    convert_url = helpers()["_convert_url_"]
    monkeypatch.chdir(tmp_path)
    assert convert_url(UCI) == UCI
    (tmp_path / "iris.data").write_text("5.1,3.5,1.4,0.2,Iris-setosa\n")
    assert convert_url(UCI) == "iris.data" and "instead of downloading" in capsys.readouterr().err


def test_offline_iris_is_seaborns_table_built_from_scikit_learns_copy(monkeypatch, capsys):
    def offline(name, **options):
        raise OSError("Name or service not known")

    monkeypatch.setattr(seaborn, "load_dataset", offline)
    frame = helpers()["_convert_load_dataset_"]("iris")
    assert "could not download 'iris'" in capsys.readouterr().err
    assert list(frame.columns) == ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
    assert frame["species"].value_counts().to_dict() == {"setosa": 50, "versicolor": 50, "virginica": 50}
    # R's iris (seaborn's copy) has Fisher's values where the UCI file erred, in flowers 35 and 38
    assert frame.iloc[34, :4].tolist() == [4.9, 3.1, 1.5, 0.2] and frame.iloc[37, :4].tolist() == [4.9, 3.6, 1.4, 0.1]
    with pytest.raises(OSError):
        helpers()["_convert_load_dataset_"]("tips")
