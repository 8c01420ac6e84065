"""conversion/magics.py: IPython magics and shell lines become plain Python or comments, each reported."""
import os

import pytest

from conversion_support import rewrite


PIN = "(not run: pin packages in requirements/train.txt)"


CD_GOES_ON = "a missing folder prints the error and the script goes on, as IPython's %cd does"


@pytest.mark.parametrize("line, expected, why", [
    ("%matplotlib inline", "# %matplotlib inline", "IPython magic %matplotlib (not run)"),
    ("!pip install -q seaborn", "# !pip install -q seaborn", f"package install `pip install -q seaborn` {PIN}"),
    ("!{sys.executable} -m pip install -q seaborn", "# !{sys.executable} -m pip install -q seaborn",
     f"package install `{{sys.executable}} -m pip install -q seaborn` {PIN}"),
    ("%pip install seaborn", "# %pip install seaborn", f"package install `pip install seaborn` {PIN}"),
    ("!ls -la", "# !ls -la", "shell command `ls -la` (not run)"),
    ("?len", "# ?len", "IPython help request (not run)"),
    ("len?", "# len?", "IPython help request (not run)"),
    ("df.head??", "# df.head??", "IPython help request (not run)"),
    ("pip install seaborn", "# pip install seaborn", f"package install `pip install seaborn` {PIN}"),
    ("ls", "# ls", "IPython magic %ls (not run)"),
    ("%load_ext autoreload", "# %load_ext autoreload", "IPython magic %load_ext (not run)"),
    ("files = !ls", "files = __import__('subprocess').getoutput('ls').splitlines()  # files = !ls",
     "shell output `ls` captured with subprocess"),
    ("%time y = f(1)", "y = f(1)  # %time y = f(1)", "%time: runs `y = f(1)` plainly"),
    ("%timeit -n 3 -r 1 f(1)", "f(1)  # %timeit -n 3 -r 1 f(1)", "%timeit: runs `f(1)` once"),
    ("%cd data", "_convert_cd_('data')  # %cd data", f"%cd: into 'data'; {CD_GOES_ON}"),
    ('%cd "my data"', "_convert_cd_('my data')  # %cd \"my data\"", f"%cd: into 'my data'; {CD_GOES_ON}"),
    ("cd data", "_convert_cd_('data')  # cd data", f"%cd: into 'data'; {CD_GOES_ON}"),
    ("%env SEED=3", "os.environ['SEED'] = '3'  # %env SEED=3", "%env: sets SEED"),
    ("model = %time clf.fit(X, y)", "model = clf.fit(X, y)  # model = %time clf.fit(X, y)",
     "%time: model gets the value of `clf.fit(X, y)`"),
    ("x = 1  # why?", "x = 1  # why?", None),
])
def test_magic_and_shell_lines_become_comments_or_plain_python(line, expected, why):
    text, report = rewrite(line)
    assert text == expected
    assert report == ([f"cell 1 line 1: {why}"] if why else [])


@pytest.mark.parametrize("line, expected", [
    ("!mkdir -p models/v1", "os.makedirs('models/v1', exist_ok=True)  # !mkdir -p models/v1"),
    ("mkdir out", "os.makedirs('out', exist_ok=True)  # mkdir out"),
    ("!mkdir -p $DIR", "# !mkdir -p $DIR"),
    ("%env SEED 7", "os.environ['SEED'] = '7'  # %env SEED 7"),
    ("%set_env SEED=7", "os.environ['SEED'] = '7'  # %set_env SEED=7"),
])
def test_safe_shell_and_env_lines_become_plain_python(line, expected):
    text, _ = rewrite(line)
    assert text == expected


def test_run_magic_runs_the_script_and_keeps_its_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "helper.py").write_text("def twice(x):\n    return 2 * x\nSEEN = globals().get('BASE')\n")
    text, report = rewrite("BASE = 5\n%run helper.py\na = twice(3)\n%run -i helper.py\nb = SEEN\n%run other.ipynb")
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert (namespace["a"], namespace["b"]) == (6, 5)
    assert report[-1] == "cell 1 line 6: IPython magic %run (not run)"


def test_shell_copies_and_moves_of_plain_files_run_so_later_reads_find_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Iris.csv").write_text("a\n")
    text, report = rewrite("!mkdir -p data/raw\n!cp Iris.csv data/raw/iris.csv\ncp Iris.csv data\n"
                           "%mv data/Iris.csv data/old.csv\n!cp -r data backup\n!cp *.csv data/")
    exec(compile(text, "<cell>", "exec"), {"os": os})
    assert (tmp_path / "data/raw/iris.csv").read_text() == "a\n" and (tmp_path / "data/old.csv").exists()
    assert not (tmp_path / "data/Iris.csv").exists() and not (tmp_path / "backup").exists()
    assert text.split("\n")[-2:] == ["# !cp -r data backup", "# !cp *.csv data/"]
    assert "shutil" in report[1]


def test_pylab_magic_becomes_its_star_import_so_numpy_names_still_work():
    text, report = rewrite("%pylab inline\na = array([1, 2, 3])\nplot(a)\nm = mean(a)")
    assert text == "from pylab import *  # %pylab inline\na = array([1, 2, 3])\n# plot(a)\nm = mean(a)"
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert namespace["m"] == 2


def test_time_cell_magic_runs_its_body_plainly():
    text, report = rewrite("%%time\nmodel.fit(X, y)")
    assert text == "# %%time\nmodel.fit(X, y)"
    assert report == ["cell 1 line 1: cell magic %%time: the cell body runs plainly"]


def test_capture_into_a_variable_runs_the_body_and_binds_the_variable():
    text, report = rewrite("%%capture --no-stderr cap\nx = 1\nprint(x)")
    namespace = {}
    exec(compile(text + "\nafter = (cap.stdout, cap.stderr, cap.outputs)", "<cell>", "exec"), namespace)
    assert (namespace["x"], namespace["after"]) == (1, ("", "", []))
    assert report == ["cell 1 line 1: cell magic %%capture: the cell body runs plainly, its output not captured; "
                      "cap holds empty captured output"]


def test_stacked_cell_magics_all_apply():
    text, report = rewrite("%%time\n%%capture cap\nx = 1")
    assert text.split("\n")[0] == "# %%time"
    assert text.split("\n")[1].startswith("cap = __import__('IPython.utils.capture'")
    assert text.endswith("\nx = 1")
    assert len(report) == 2
    text, _ = rewrite("%%time\n%%bash\necho hi")
    assert text == "# %%time\n# %%bash\n# echo hi"


def test_non_python_cell_magic_comments_the_whole_cell():
    text, _ = rewrite("%%bash\necho hi\nls")
    assert text == "# %%bash\n# echo hi\n# ls"


def test_writefile_cell_magic_writes_its_file_with_plain_python(tmp_path):
    text, _ = rewrite("%%writefile helper.py\nVALUE = 3")
    assert text.startswith("# %%writefile helper.py\n# VALUE = 3\n")
    exec(compile(text.replace("helper.py", str(tmp_path / "helper.py")), "<cell>", "exec"), {})
    assert (tmp_path / "helper.py").read_text() == "VALUE = 3\n"


def test_cell_magic_after_leading_blank_lines_is_still_a_cell_magic():
    assert rewrite("\n\n%%time\nx = 1")[0] == "# %%time\nx = 1"


def test_a_magic_alone_in_a_block_leaves_pass():
    text, _ = rewrite("for p in packages:\n    !pip install {p}")
    assert text == "for p in packages:\n    # !pip install {p}\n    pass"


@pytest.mark.parametrize("source", [
    "pwd = (user.password\n       or default)",
    "history = model_fit(\n    X, y)",
    "time = 3",
    "cat = {'a': 1}",
])
def test_python_statements_starting_with_a_magic_name_are_not_magics(source):
    assert rewrite(source) == (source, [])


def test_lines_inside_strings_and_brackets_are_not_magics():
    source = 's = """\n!not a shell line\n%not a magic\n"""\nr = (a\n% b)'
    assert rewrite(source) == (source, [])


def test_backslash_continued_shell_line_is_commented_whole():
    text, _ = rewrite("if fresh:\n    !pip install numpy \\\n        pandas\ny = 1")
    assert text == "if fresh:\n    # !pip install numpy \\\n    # pandas\n    pass\ny = 1"
