"""conversion/authors_paths.py: paths from the author's machine are read from the notebook's folder
when they are not on this one (decided when the script runs), and a %cd into a missing folder
prints the error and goes on, as IPython's does."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from conversion.authors_paths import as_notebook_folder, is_author_path, is_relative_data_path  # noqa: E402
from conversion.runtime_helpers import helpers_called, prelude  # noqa: E402


@pytest.mark.parametrize("path", [r"C:\Users\ana\Iris.csv", "D:/data/iris.csv", "/Users/ana/Iris.csv",
                                  "/home/ana/work/", "~/Downloads/Iris.csv", "~"])
def test_authors_paths_are_recognised(path):
    assert is_author_path(path)


@pytest.mark.parametrize("path", ["Iris.csv", "/tmp/x.csv", "../input/Iris.csv", "https://x/y.csv",
                                  "/content/Iris.csv", "/usr/share/x"])
def test_other_paths_are_not(path):
    assert not is_author_path(path)


def test_literals_in_calls_and_variables_go_through_the_run_time_check_with_lines_kept():
    source = ("import pandas as pd\nfolder = 'C:/Users/ana/iris/'\n"
              "df = pd.read_csv(r'C:\\Users\\ana\\iris\\Iris.csv')  # the data\nother = pd.read_csv(folder + 'x.csv')")
    text, notes = as_notebook_folder(source, 3)
    assert text.split("\n") == ["import pandas as pd", "folder = _convert_path_('C:/Users/ana/iris/')",
                                "df = pd.read_csv(_convert_path_(r'C:\\Users\\ana\\iris\\Iris.csv'))  # the data",
                                "other = pd.read_csv(folder + 'x.csv')"]
    assert notes == [(2, "path from the author's machine 'C:/Users/ana/iris/': read from the notebook's folder when "
                         "it is not on this machine ('./')"),
                     (3, "path from the author's machine 'C:\\\\Users\\\\ana\\\\iris\\\\Iris.csv': read from the "
                         "notebook's folder when it is not on this machine ('Iris.csv')")]
    assert helpers_called(text) == {"_convert_path_"}


def test_cd_and_chdir_to_an_author_folder_check_it_where_the_script_runs():
    source = "import os\n_convert_cd_('data')\n_convert_cd_('/Users/ana/iris')\nos.chdir('/home/ana')\nos.chdir(x)"
    text, notes = as_notebook_folder(source, 1)
    assert text.split("\n")[1:] == ["_convert_cd_('data')", "_convert_cd_(_convert_path_('/Users/ana/iris'))",
                                 "os.chdir(_convert_path_('/home/ana'))", "os.chdir(x)"]
    assert [line for line, _ in notes] == [3, 4]


def test_an_fstring_and_a_cell_that_does_not_parse_are_left_alone():
    assert as_notebook_folder("p = f'/Users/{name}/Iris.csv'", 1) == ("p = f'/Users/{name}/Iris.csv'", [])
    assert as_notebook_folder("x = '/Users/a' +", 1) == ("x = '/Users/a' +", [])


def test_the_script_reads_the_file_next_to_it_and_goes_on_past_a_missing_cd(tmp_path):
    (tmp_path / "Iris.csv").write_text("a,b\n1,2\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "more.csv").write_text("c\n3\n")
    cell, _ = as_notebook_folder(
        "import os\nimport pandas as pd\n_convert_cd_('/Users/ana/project')\n"
        "_convert_cd_('missing_folder')\n"
        "df = pd.read_csv(r'C:\\Users\\ana\\Downloads\\Iris.csv')\n"
        "base = '/home/ana/iris/data/'\nmore = pd.read_csv(base + 'more.csv')\n"
        "df.to_csv('C:/Users/ana/results/copy.csv')\n"
        "print(df.shape, more.shape, os.getcwd() == os.path.realpath('.'))", 1)
    script = prelude(helpers_called(cell)) + cell
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[Errno 2] No such file or directory: 'missing_folder'", "(1, 2) (1, 1) True"]
    assert "'/home/ana/iris/data/' is not on this machine: using 'data/'" in result.stderr
    assert "'/Users/ana/project' is not on this machine: using '.'" in result.stderr
    assert (tmp_path / "copy.csv").exists()


def test_a_path_that_exists_here_is_used_as_written(tmp_path):
    home_file = pathlib.Path(os.path.expanduser("~")) / f".convert_authors_paths_{os.getpid()}.csv"
    home_file.write_text("x\n1\n")
    try:
        cell, _ = as_notebook_folder(f"import pandas as pd\nprint(len(pd.read_csv('~/{home_file.name}')))", 1)
        result = subprocess.run([sys.executable, "-c", prelude(helpers_called(cell)) + cell], cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
    finally:
        home_file.unlink()
    assert result.stdout.strip() == "1" and result.stderr == ""


@pytest.mark.parametrize("path", ["data/Iris.csv", "../data/iris.csv", "input data/iris.data"])
def test_relative_paths_into_a_folder_are_routed(path):
    assert is_relative_data_path(path) and not is_author_path(path)


@pytest.mark.parametrize("path", ["Iris.csv", "../input/Iris.csv", "/tmp/x.csv", "https://x/y.csv", "data/"])
def test_other_relative_paths_are_not(path):
    assert not is_relative_data_path(path)


def test_a_relative_path_into_a_missing_folder_reads_the_file_beside_the_notebook(tmp_path):
    # the author kept Iris.csv in data/; the user has it beside the notebook
    (tmp_path / "Iris.csv").write_text("a\n1\n")
    (tmp_path / "out").mkdir()
    source, notes = as_notebook_folder("import pandas as pd\ndf = pd.read_csv('data/Iris.csv')\nw = 'out/m.csv'", 1)
    assert notes[0] == (2, "relative path 'data/Iris.csv': read from the notebook's folder when it is not on this "
                           "machine ('Iris.csv')")
    script = f"{prelude(helpers_called(source))}\n{source}\nprint(len(df), w)\n"
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert run.stdout.split() == ["1", "out/m.csv"], run.stderr  # the existing folder's path is kept
    assert "'data/Iris.csv' is not on this machine: using 'Iris.csv'" in run.stderr


def test_a_relative_folder_given_a_name_reads_beside_the_notebook_when_missing(tmp_path):
    (tmp_path / "iris.csv").write_text("a\n1\n")
    source, notes = as_notebook_folder("import pandas as pd\ndpath = '../data/'\ndf = pd.read_csv(dpath + 'iris.csv')", 1)
    assert [line for line, _ in notes] == [2]
    script = f"{prelude(helpers_called(source))}\n{source}\nprint(len(df))\n"
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert run.stdout.split() == ["1"], run.stderr
