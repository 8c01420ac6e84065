"""convert.py: plotting and magics rewritten on the syntax tree, scripts that run headless and export.

Unit tests call the rewrite step on small snippets; fixture notebooks under
tests/notebooks are compared with tests/expected/ and run end to end (the only
subprocesses here), their CSV data written into tmp_path from scikit-learn.
"""
import ast
import hashlib
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import joblib
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "tests" / "notebooks"
EXPECTED = ROOT / "tests" / "expected"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(NOTEBOOKS))
import convert  # noqa: E402
from conversion import pipeline, plotting_names, script as script_assembly  # noqa: E402
from conversion.notebooks import read_notebook  # noqa: E402
from conversion.notes import ConvertError  # noqa: E402
from conversion.pipeline import CellContext  # noqa: E402
from conversion.plotting_names import PlotNames  # noqa: E402
import iris_files  # noqa: E402

EXPORT_MARKER = "# --- model export"
OPTIONS = {"model_var": None, "model_dir": None, "min_accuracy": 0.9, "source": "nb.ipynb"}


def rewrite(source, names=None):
    """Rewrite one cell's source as cell 1; returns (text, report lines)."""
    text, notes = pipeline.rewrite_cell(textwrap.dedent(source).strip("\n"), CellContext(1, names or PlotNames()))
    return text, [str(n) for n in notes]


def rewrite_after(imports, source):
    """Rewrite `source` in a notebook whose earlier cell ran `imports`."""
    names = PlotNames()
    rewrite(imports, names)
    return rewrite(source, names)


def notebook_file(tmp_path, *cells, **metadata):
    path = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=list(cells), metadata=metadata), path)
    return path


# --- plotting: what is commented, and as a unit ------------------------------------

MPL = "import matplotlib.pyplot as plt"


def test_multiline_plot_call_is_commented_as_one_unit_with_its_text_kept():
    text, report = rewrite_after(MPL, """
        plt.scatter(
            x,
            y,
        )
        z = 1
    """)
    assert text == "# plt.scatter(\n#     x,\n#     y,\n# )\nz = 1"
    assert report == ["cell 1 line 1: matplotlib call plt.scatter"]


def test_loop_keeps_its_computation_and_loses_only_its_plotting():
    text, _ = rewrite_after(MPL, """
        for feature in features:
            spread = df[feature].max() - df[feature].min()
            df[feature].hist(bins=20)
            plt.title(feature)
    """)
    assert text == (
        "for feature in features:\n    spread = df[feature].max() - df[feature].min()\n"
        "    # df[feature].hist(bins=20)\n    # plt.title(feature)"
    )


@pytest.mark.parametrize("block, expected", [
    ("for c in cols:\n    plt.plot(c)\n    plt.show()",
     "for c in cols:\n    # plt.plot(c)\n    # plt.show()\n    pass"),
    ("if show:\n    plt.plot(x)\nelse:\n    print('no plot')",
     "if show:\n    # plt.plot(x)\n    pass\nelse:\n    print('no plot')"),
    ("def draw(x):\n    plt.plot(x)", "def draw(x):\n    # plt.plot(x)\n    pass"),
    ("with open('f') as f:\n    plt.plot(f)", "with open('f') as f:\n    # plt.plot(f)\n    pass"),
    ("try:\n    plt.plot(x)\nexcept ValueError:\n    pass",
     "try:\n    # plt.plot(x)\n    pass\nexcept ValueError:\n    pass"),
    ("for x in y: plt.plot(x)", "for x in y: pass  # plt.plot(x)"),
    ("if a:\n    plt.figure(); plt.show()\nb = 1", "if a:\n    # plt.figure(); plt.show()\n    pass\nb = 1"),
])
def test_an_emptied_block_gets_pass(block, expected):
    text, _ = rewrite_after(MPL, block)
    assert text == expected
    compile(text, "<cell>", "exec")


def test_plot_result_and_the_statements_that_use_it_are_commented():
    text, report = rewrite_after("import seaborn as sns", """
        ax = sns.heatmap(corr, annot=True)
        ax.set_title("Correlation")
        g = sns.pairplot(df)
        g.map(plt.scatter)
        corr2 = corr * 2
    """)
    assert text.split("\n") == [
        "# ax = sns.heatmap(corr, annot=True)", '# ax.set_title("Correlation")',
        "# g = sns.pairplot(df)", "# g.map(plt.scatter)", "corr2 = corr * 2",
    ]
    assert report[1] == "cell 1 line 2: uses plot result ax"


def test_subplots_axes_and_loops_over_them_are_commented():
    text, _ = rewrite_after(MPL, """
        fig, axes = plt.subplots(2, 2)
        axes[0, 1].plot(x)
        for a in axes.flat:
            a.set_xlabel("cm")
        fig.savefig("out.png")
        n = len(x)
    """)
    assert [line for line in text.split("\n") if not line.startswith("#")] == ["n = len(x)"]


def test_a_loop_zipping_data_with_axes_drops_the_axes_and_keeps_its_real_work():
    text, report = rewrite_after(MPL + "\nfig, axes = plt.subplots(2, 2)", """
        for col, ax in zip(cols, axes.flat):
            stats[col] = df[col].mean()
            ax.hist(df[col])
    """)
    assert text == "for col in cols:\n    stats[col] = df[col].mean()\n    # ax.hist(df[col])"
    assert report[0] == "cell 1 line 1: loop over a plot object: header rewritten as `for col in cols:`"


def test_a_zip_of_several_data_iterables_keeps_them_all_in_order():
    text, _ = rewrite_after(MPL + "\nfig, axes = plt.subplots(2, 2)",
                            "for i, ax, c in zip(range(4), axes.flat, colors):\n    total += i")
    assert text == "for i, c in zip(range(4), colors):\n    total += i"


@pytest.mark.parametrize("loop", [
    "for i, ax in enumerate(axes.flat):\n    total += i",
    "for col, ax in zip(cols, axes.flat): total += 1",
    "for pair in zip(cols, axes.flat):\n    total += 1",
])
def test_other_loops_over_a_plot_object_are_commented_whole(loop):
    text, _ = rewrite_after(MPL + "\nfig, axes = plt.subplots(2, 2)", loop)
    assert all(line.startswith("#") for line in text.split("\n"))


@pytest.mark.parametrize("imports, call, library", [
    ("import matplotlib.pyplot as plt", "plt.plot(x)", "matplotlib"),
    ("from matplotlib import pyplot", "pyplot.bar(x, y)", "matplotlib"),
    ("import matplotlib as mpl", "mpl.rcParams.update({})", "matplotlib"),
    ("import seaborn as sb", "sb.histplot(df)", "seaborn"),
    ("from seaborn import heatmap", "heatmap(corr)", "seaborn"),
    ("from pandas.plotting import scatter_matrix", "scatter_matrix(df)", "pandas plotting"),
    ("import pandas as pd", "pd.plotting.andrews_curves(df, 'y')", "pandas plotting"),
    ("from IPython.display import HTML, display", "display(HTML('<b>x</b>'))", "IPython display"),
    ("import IPython.display as ipd", "ipd.Markdown('x')", "IPython display"),
    ("from sklearn.metrics import ConfusionMatrixDisplay", "ConfusionMatrixDisplay.from_estimator(m, X, y)",
     "scikit-learn"),
    ("from sklearn import metrics", "metrics.RocCurveDisplay.from_predictions(y, p)", "scikit-learn display"),
    ("from sklearn.tree import plot_tree", "plot_tree(tree)", "scikit-learn"),
    ("from sklearn import tree", "tree.plot_tree(clf)", "scikit-learn"),
    ("import pandas as pd", "df.plot(kind='box')", "pandas plotting"),
    ("import pandas as pd", "df['a'].plot.hist(bins=5)", "pandas plotting"),
    ("import pandas as pd", "df.hist()", "pandas plotting"),
    ("import pandas as pd", "df.boxplot(column='a')", "pandas plotting"),
    ("import pandas as pd", "display(df.head())", "IPython display"),
    ("import graphviz", "graphviz.Source(dot).render('tree')", "graphviz"),
    ("import scikitplot as skplt", "skplt.metrics.plot_roc(y, p)", "scikit-plot"),
    ("import hvplot.pandas", "df.hvplot.scatter(x='a', y='b')", "pandas plotting"),
    ("import cufflinks as cf", "df.iplot(kind='scatter')", "pandas plotting"),
    ("from ipywidgets import interact", "interact(f, n=(1, 5))", "ipywidgets"),
])
def test_plotting_is_recognised_through_any_import_alias(imports, call, library):
    text, report = rewrite_after(imports, call)
    assert text == f"# {call}"
    assert library in report[0]


@pytest.mark.parametrize("imports, statement", [
    ("import seaborn as sns", "df = sns.load_dataset('iris')"),
    ("from seaborn import load_dataset", "df = load_dataset('iris')"),
    ("import plotly.express as px", "df = px.data.iris()"),
    ("from plotly.data import iris", "df = iris()"),
    ("import numpy as np", "counts, edges = np.histogram(x)"),
    ("import matplotlib.pyplot as plt\ndef display(x):\n    return x", "display(1)"),
    ("from matplotlib import cm\ncm = confusion_matrix(y, p)", "print(cm.sum())"),
])
def test_lookalikes_that_are_not_plotting_are_kept(imports, statement):
    assert rewrite_after(imports, statement) == (statement, [])


def test_calls_of_a_plotting_helper_function_are_commented_with_its_result():
    text, report = rewrite_after(MPL, """
        def make_figure(data):
            fig, ax = plt.subplots()
            ax.plot(data)
            return fig

        figure = make_figure(df)
        figure.savefig("a.png")
        n = len(df)
    """)
    kept = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    assert kept == ["def make_figure(data):", "    pass", "n = len(df)"]
    assert "cell 1 line 6: plotting function make_figure() call make_figure" in report


@pytest.mark.parametrize("statement", [
    "_ = [plt.plot(df[c]) for c in cols]",
    "[sns.histplot(df[c]) for c in cols];",
    "print(plt.hist(df['a']))",
    "plt.show() if SHOW else None",
    "df.apply(lambda row: plt.plot(row), axis=1)",
])
def test_a_plotting_call_nested_inside_a_statement_comments_the_statement(statement):
    text, report = rewrite_after(MPL + "\nimport seaborn as sns", statement)
    assert text == "# " + statement
    assert len(report) == 1


def test_a_lambda_that_plots_is_a_plotting_helper_whose_calls_are_commented():
    text, report = rewrite_after(MPL, """
        draw = lambda col: plt.hist(df[col])
        draw('petal width')
        widths = [len(c) for c in cols]
    """)
    assert text == "draw = lambda col: plt.hist(df[col])\n# draw('petal width')\nwidths = [len(c) for c in cols]"
    assert report == ["cell 1 line 2: plotting function draw() call draw"]


def test_a_widget_decorator_is_commented_and_the_function_it_decorates_is_kept():
    text, report = rewrite_after("from ipywidgets import interact, widgets", """
        @interact(n=(1, 10))
        def head(n=3):
            return df.head(n)
        @functools.lru_cache()
        def mean_of(col):
            return df[col].mean()
        interact(head, n=widgets.IntSlider(3))
    """)
    assert text.split("\n")[:3] == ["# @interact(n=(1, 10))", "def head(n=3):", "    return df.head(n)"]
    assert "\n@functools.lru_cache()\ndef mean_of(col):" in text
    assert text.endswith("\n# interact(head, n=widgets.IntSlider(3))")
    assert report == ["cell 1 line 1: plotting decorator: ipywidgets call interact",
                      "cell 1 line 7: ipywidgets call interact"]
    compile(text, "<cell>", "exec")


@pytest.mark.parametrize("imports", ["from pylab import *", "%pylab inline", "from matplotlib.pyplot import *"])
def test_star_import_of_pyplot_makes_its_bare_names_plotting_and_keeps_numpy_ones(imports):
    text, report = rewrite_after(imports, """
        figure(figsize=(4, 4))
        hist(values)
        spread = values.max() - values.min()
        show()
    """)
    assert text == "# figure(figsize=(4, 4))\n# hist(values)\nspread = values.max() - values.min()\n# show()"
    assert len(report) == 3


def test_pylab_magic_becomes_its_star_import_so_numpy_names_still_work():
    text, report = rewrite("%pylab inline\na = array([1, 2, 3])\nplot(a)\nm = mean(a)")
    assert text == "from pylab import *  # %pylab inline\na = array([1, 2, 3])\n# plot(a)\nm = mean(a)"
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert namespace["m"] == 2


def test_removed_scikit_learn_plotting_names_leave_the_import_and_their_calls_go():
    text, report = rewrite("""
        from sklearn.metrics import plot_confusion_matrix, confusion_matrix
        from sklearn.metrics import plot_roc_curve
        plot_confusion_matrix(clf, X_test, y_test)
        cm = confusion_matrix(y_test, predicted)
    """)
    assert text == ("from sklearn.metrics import confusion_matrix  # from sklearn.metrics import plot_confusion_matrix, "
                    "confusion_matrix\n# from sklearn.metrics import plot_roc_curve\n"
                    "# plot_confusion_matrix(clf, X_test, y_test)\ncm = confusion_matrix(y_test, predicted)")
    assert len(report) == 3
    exec(compile(text.split("\n")[0], "<cell>", "exec"), {})


@pytest.mark.parametrize("line, expected", [
    ("from sklearn.externals import joblib", "import joblib"),
    ("from sklearn.externals.joblib import dump, load", "from joblib import dump, load"),
    ("from sklearn.cross_validation import train_test_split, cross_val_score",
     "from sklearn.model_selection import train_test_split, cross_val_score"),
    ("from sklearn.grid_search import GridSearchCV", "from sklearn.model_selection import GridSearchCV"),
    ("from sklearn.externals.six import StringIO", "from io import StringIO"),
])
def test_modules_removed_from_old_scikit_learn_are_imported_from_their_new_place(line, expected):
    text, report = rewrite(line + "\nx = 1")
    assert text == f"{expected}  # {line}\nx = 1"
    assert report[0].startswith("cell 1 line 1: sklearn.") and "was removed from scikit-learn" in report[0]
    exec(compile(text, "<cell>", "exec"), {})


def test_tqdm_progress_bars_work_in_a_script_whether_or_not_tqdm_is_installed(monkeypatch):
    source = "from tqdm.notebook import tqdm, trange\ntotal = sum(k for k in tqdm(range(4))) + len(list(trange(2, 5)))"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    text, report = rewrite(source)
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert namespace["total"] == 9
    assert report[0].startswith("cell 1 line 1: tqdm is not installed")
    monkeypatch.undo()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    text, _ = rewrite(source)
    assert text.startswith("from tqdm.auto import tqdm, trange  # from tqdm.notebook import tqdm, trange\n")


def test_a_function_returning_its_model_and_a_figure_keeps_the_model():
    text, report = rewrite_after(MPL, """
        def train_and_plot(X, y):
            model = LogisticRegression().fit(X, y)
            fig, ax = plt.subplots()
            ax.bar(range(4), model.coef_[0])
            return model, fig
        model, fig = train_and_plot(X, y)
        fig.savefig('coef.png')
        print(model)
    """)
    assert "    return model, None  # return model, fig\n" in text
    assert "\nmodel, fig = train_and_plot(X, y)\n# fig.savefig('coef.png')\nprint(model)" in text
    assert "cell 1 line 5: returns a plot: returned as None, the rest kept" in report


def test_deleting_a_plot_result_is_commented_with_it():
    text, _ = rewrite_after(MPL, "fig, ax = plt.subplots()\nrows = [1]\ndel fig, ax\ndel rows")
    assert text.split("\n")[2:] == ["# del fig, ax", "del rows"]


def test_a_block_whose_condition_plots_is_commented_whole():
    text, _ = rewrite_after(MPL, "if (ax := df.plot()) is not None:\n    ax.set_title('t')\nprint('after')")
    assert text == "# if (ax := df.plot()) is not None:\n#     ax.set_title('t')\nprint('after')"


def test_colab_only_imports_and_calls_are_commented():
    text, report = rewrite("from google.colab import drive\ndrive.mount('/content/drive')\nx = 1")
    assert text == "# from google.colab import drive\n# drive.mount('/content/drive')\nx = 1"
    assert report[0] == "cell 1 line 1: Colab-only import google.colab"


def test_colab_upload_reads_the_data_files_next_to_the_script(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    iris_files.write_kaggle_csv(tmp_path)
    (tmp_path / "model.joblib").write_bytes(b"not data")
    text, report = rewrite("""
        from google.colab import files
        import io, os
        import pandas as pd
        uploaded = files.upload()
        df = pd.read_csv(io.BytesIO(uploaded['Iris.csv']))
    """)
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert sorted(namespace["uploaded"]) == ["Iris.csv"]
    assert namespace["df"].shape == (150, 6)
    assert "cell 1 line 4: Colab upload: the data files next to the script stand in for the uploaded files" in report


def test_colab_paths_name_the_scripts_folder():
    text, report = rewrite("""
        from google.colab import drive
        drive.mount('/content/drive')
        df = pd.read_csv('/content/drive/MyDrive/datasets/Iris.csv')
        BASE = "/content/drive/MyDrive/data/"
        other = pd.read_csv(BASE + 'iris.data', header=None)
        label = f"/content/{name}"
    """)
    assert text.split("\n")[1:5] == ["# drive.mount('/content/drive')", "df = pd.read_csv('Iris.csv')", "BASE = './'",
                                      "other = pd.read_csv(BASE + 'iris.data', header=None)"]
    assert text.endswith('label = f"/content/{name}"')
    assert "cell 1 line 3: Colab path '/content/drive/MyDrive/datasets/Iris.csv' read from the script's folder: " \
           "'Iris.csv'" in report


def test_kaggle_data_paths_name_the_scripts_folder():
    text, report = rewrite("""
        for dirname, _, filenames in os.walk('/kaggle/input'):
            print(dirname, filenames)
        df = pd.read_csv('/kaggle/input/iris/Iris.csv')
        old = pd.read_csv("../input/Iris.csv")
        here = pd.read_csv('input/Iris.csv')
    """)
    assert text.split("\n")[0:5] == ["for dirname, _, filenames in os.walk('.'):", "    print(dirname, filenames)",
                                      "df = pd.read_csv('Iris.csv')", "old = pd.read_csv('Iris.csv')",
                                      "here = pd.read_csv('input/Iris.csv')"]
    assert "cell 1 line 3: Kaggle path '/kaggle/input/iris/Iris.csv' read from the script's folder: " \
           "'Iris.csv'" in report


def test_import_of_a_plotting_library_that_is_not_installed_is_commented(monkeypatch):
    monkeypatch.setitem(plotting_names.PLOT_MODULES, "nosuchplotlib", "nosuchplotlib")
    text, report = rewrite("import nosuchplotlib.express as px\nimport seaborn as sns\npx.scatter(df)")
    assert text == "# import nosuchplotlib.express as px\nimport seaborn as sns\n# px.scatter(df)"
    assert report[0] == "cell 1 line 1: plotting library nosuchplotlib is not installed (its uses are commented out too)"


def test_explicit_get_ipython_calls_are_commented_and_never_reach_the_script(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("get_ipython().run_line_magic('matplotlib', 'inline')\nx = 1"))
    script, _ = pipeline.convert(path, OPTIONS)
    assert "# get_ipython().run_line_magic('matplotlib', 'inline')\nx = 1" in script
    with pytest.raises(ConvertError, match="get_ipython"):
        script_assembly.check_script("x = get_ipython()")


def test_names_rebound_by_loops_parameters_and_comprehensions_are_not_plots():
    source = (
        "for ax in range(3):\n    print(ax)\nsizes = [fig for fig in range(2)]\n"
        "def grow(fig):\n    return fig + 1\nprint(grow(2))"
    )
    text, _ = rewrite_after(MPL + "\nfig, ax = plt.subplots()", source + "\nfig.savefig('x.png')")
    assert text == source + "\n# fig.savefig('x.png')"


def test_non_plotting_code_stays_byte_for_byte():
    source = (
        "import matplotlib.pyplot as plt\n"
        "x  =  [1,2,   3]   # spacing kept\n"
        "def f(a,\n      b = 2):\n    '''doc'''\n    return a+b\n\n"
        "plt.show()\n"
        "y = {'k' : f(1)}\t\n"
    )
    text, _ = pipeline.rewrite_cell(source, CellContext(1, PlotNames()))
    assert text == source.replace("plt.show()", "# plt.show()")


def test_plotting_sharing_a_line_with_real_work_keeps_the_work():
    text, _ = rewrite_after(MPL, "acc = score(y, p); plt.show()")
    assert text == "acc = score(y, p); pass  # plt.show()"
    compile(text, "<cell>", "exec")


def test_non_ascii_text_before_a_plot_on_its_line_does_not_shift_the_edit():
    # ast columns count UTF-8 bytes; the edit must count characters or it cuts the wrong text
    text, _ = rewrite_after(MPL, "label = 'naïve 🌸'; plt.title(label); n = 5")
    assert text == "label = 'naïve 🌸'; pass; n = 5  # plt.title(label)"
    compile(text, "<cell>", "exec")


def test_non_ascii_loop_header_is_rewritten_at_the_right_columns():
    text, _ = rewrite_after(MPL, """
        fig, axes = plt.subplots(2)
        for colonne_é, ax in zip(['a', 'b'], axes.flat):
            print(colonne_é)
            ax.set_title(colonne_é)
    """)
    assert "for colonne_é in ['a', 'b']:" in text
    compile(text, "<cell>", "exec")


# --- magics and shell lines ---------------------------------------------------------

PIN = "(not run: pin packages in requirements/train.txt)"


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
    ("%cd data", "os.chdir(os.path.expanduser('data'))  # %cd data", "%cd: os.chdir('data')"),
    ('%cd "my data"', "os.chdir(os.path.expanduser('my data'))  # %cd \"my data\"", "%cd: os.chdir('my data')"),
    ("cd data", "os.chdir(os.path.expanduser('data'))  # cd data", "%cd: os.chdir('data')"),
    ("%env SEED=3", "os.environ['SEED'] = '3'  # %env SEED=3", "%env: sets SEED"),
    ("model = %time clf.fit(X, y)", "model = clf.fit(X, y)  # model = %time clf.fit(X, y)",
     "%time: model gets the value of `clf.fit(X, y)`"),
    ("x = 1  # why?", "x = 1  # why?", None),
])
def test_magic_and_shell_lines_become_comments_or_plain_python(line, expected, why):
    text, report = rewrite(line)
    assert text == expected
    assert report == ([f"cell 1 line 1: {why}"] if why else [])


def test_run_magic_runs_the_script_and_keeps_its_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "helper.py").write_text("def twice(x):\n    return 2 * x\nSEEN = globals().get('BASE')\n")
    text, report = rewrite("BASE = 5\n%run helper.py\na = twice(3)\n%run -i helper.py\nb = SEEN\n%run other.ipynb")
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert (namespace["a"], namespace["b"]) == (6, 5)
    assert report[-1] == "cell 1 line 6: IPython magic %run (not run)"


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


def test_future_imports_from_any_cell_move_to_the_top_of_the_script(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("x = 1"),
                         new_code_cell("from __future__ import annotations\ndef f(a: Later) -> Later:\n    return a\n"
                                       "class Later:\n    pass"),
                         new_code_cell("from __future__ import division, annotations"))
    script, report = pipeline.convert(path, OPTIONS)
    code = [line for line in script.split("\n") if line.strip() and not line.startswith("#")]
    assert code[0] == "from __future__ import annotations, division  # moved here from the notebook"
    assert "# from __future__ import annotations" in script
    assert "cell 2 line 1: from __future__ import: moved to the top of the script" in [str(n) for n in report]
    exec(compile(notebook_part(script), "out.py", "exec"), {})


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


def test_top_level_await_runs_on_one_event_loop_in_the_script(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("import asyncio\nasync def double(x):\n    await asyncio.sleep(0)\n"
                                                 "    return 2 * x"),
                         new_code_cell("a = await double(2)\nb, c = await asyncio.gather(double(a), double(3))"),
                         new_code_cell("print(a, b, c, await  (double(c)))"))
    script, report = pipeline.convert(path, OPTIONS)
    assert "b, c = _convert_loop_.run_until_complete(_convert_await_(lambda: asyncio.gather(double(a), double(3))))" in script
    assert [str(n) for n in report] == ["cell 2 line 1: top-level await: run on the script's event loop",
                                        "cell 2 line 2: top-level await: run on the script's event loop",
                                        "cell 3 line 1: top-level await: run on the script's event loop"]
    namespace = {}
    exec(compile(notebook_part(script), "out.py", "exec"), namespace)
    assert (namespace["a"], namespace["b"], namespace["c"]) == (4, 8, 6)


@pytest.mark.parametrize("source, message", [
    ("async for x in agen():\n    print(x)", "async for"),
    ("async with lock:\n    pass", "async with"),
    ("x = await f(await g())", "inside another"),
])
def test_top_level_async_that_a_script_cannot_run_is_a_clear_error(source, message):
    with pytest.raises(ConvertError, match=message):
        rewrite(source)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12 accepts the same quotes inside an f-string")
def test_an_f_string_of_a_newer_python_is_an_error_that_says_what_to_do():
    with pytest.raises(ConvertError, match="cell 1 is not valid Python.*use the other quote"):
        rewrite("""print(f"{d["k"]}")""")


def test_a_notebook_missing_cell_metadata_and_outputs_still_converts(tmp_path):
    # written by a script or another editor: Jupyter opens it, filling the keys in
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "source": "x = 1\n%matplotlib inline"},
                                          {"cell_type": "markdown", "source": "# Title"}],
                                "nbformat": 4, "nbformat_minor": 2}))
    script, report = pipeline.convert(path, OPTIONS)
    assert "\nx = 1\n# %matplotlib inline\n" in script
    assert [str(n) for n in report] == ["cell 1 line 2: IPython magic %matplotlib (not run)"]


def test_unreadable_or_non_python_notebooks_are_clear_errors(tmp_path):
    (tmp_path / "bad.ipynb").write_text("{not json")
    with pytest.raises(ConvertError, match="not a readable Jupyter notebook"):
        pipeline.convert(tmp_path / "bad.ipynb", OPTIONS)
    path = notebook_file(tmp_path, new_code_cell("x <- 1"), kernelspec={"name": "ir", "language": "R", "display_name": "R"})
    with pytest.raises(ConvertError, match="a R notebook; only Python"):
        pipeline.convert(path, OPTIONS)


def test_invalid_python_is_a_clear_error_naming_the_cell(tmp_path):
    path = notebook_file(tmp_path, new_markdown_cell("intro"), new_code_cell("x = 1"), new_code_cell("def broken(:"))
    with pytest.raises(ConvertError, match=r"cell 3 is not valid Python \(line 1"):
        pipeline.convert(path, OPTIONS)


# --- notebooks -------------------------------------------------------------------------

def notebook_part(script):
    """The script without the appended export code (which is export_model.py verbatim)."""
    return script.split(EXPORT_MARKER)[0]


@pytest.mark.parametrize("name", ["seaborn_heavy", "uci_no_header", "gridsearch_tree", "kaggle_csv", "wild_syntax",
                                  "scratch_session"])
def test_fixture_converts_to_its_expected_script(name):
    script, _ = pipeline.convert(NOTEBOOKS / f"{name}.ipynb", {**OPTIONS, "source": f"{name}.ipynb"})
    assert notebook_part(script) == (EXPECTED / f"{name}.py").read_text()


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")) + [ROOT / "notebook" / "iris.ipynb"],
                         ids=lambda p: p.stem)
def test_no_script_ever_calls_get_ipython(path):
    script, _ = pipeline.convert(path, OPTIONS)
    assert "get_ipython" not in script
    compile(script, str(path), "exec")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_nbconvert_export_keeps_every_rewritten_cell_verbatim(path):
    rewritten, _ = pipeline.rewrite_notebook(read_notebook(path))
    script, _ = pipeline.convert(path, OPTIONS)
    for cell in rewritten.cells:
        if cell.cell_type == "code":
            assert cell.source in script


def test_project_notebook_script_keeps_no_plotting_code():
    script, report = pipeline.convert(ROOT / "notebook" / "iris.ipynb", OPTIONS)
    code = [stmt for stmt in ast.parse(notebook_part(script)).body if not isinstance(stmt, (ast.Import, ast.ImportFrom))]
    used = {node.id for stmt in code for node in ast.walk(stmt) if isinstance(node, ast.Name)}
    assert used.isdisjoint({"plt", "sns", "display", "ConfusionMatrixDisplay", "g", "ax", "fig", "axes"})
    attributes = {node.attr for stmt in code for node in ast.walk(stmt) if isinstance(node, ast.Attribute)}
    assert attributes.isdisjoint({"plot", "hist", "boxplot"})
    assert {"pandas plotting call df[feature].hist", "pandas plotting call df.boxplot",
            "pandas plotting cv_table.plot"} <= {note.why for note in report}


def test_markdown_and_raw_cells_never_become_code(tmp_path):
    path = notebook_file(tmp_path, new_markdown_cell("print('markdown')"),
                         new_raw_cell("print('raw')", metadata={"raw_mimetype": "text/x-python"}),
                         new_code_cell("x = 1"))
    script, _ = pipeline.convert(path, OPTIONS)
    code_lines = [line for line in notebook_part(script).split("\n") if line and not line.startswith("#")]
    assert code_lines == ["import os", 'os.environ.setdefault("MPLBACKEND", "Agg")  # headless safety net, '
                          "before anything imports matplotlib", "x = 1"]


def test_colab_notebook_without_kernelspec_converts_as_python():
    raw = json.loads((NOTEBOOKS / "colab_export.ipynb").read_text())
    assert "colab" in raw["metadata"] and "kernelspec" not in raw["metadata"]
    script, _ = pipeline.convert(NOTEBOOKS / "colab_export.ipynb", OPTIONS)
    assert "tree_clf = tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train, y_train)" in script
    assert "# tree.plot_tree(tree_clf)" in script


def test_backend_safety_net_comes_before_any_notebook_code():
    script, _ = pipeline.convert(NOTEBOOKS / "gridsearch_tree.ipynb", OPTIONS)
    code = [line for line in script.split("\n") if line and not line.startswith("#")]
    assert code[:2] == ["import os", 'os.environ.setdefault("MPLBACKEND", "Agg")  # headless safety net, '
                        "before anything imports matplotlib"]


def test_cli_prints_the_report_and_a_failed_convert_keeps_the_previous_script(tmp_path, capsys):
    out = tmp_path / "out.py"
    assert convert.main([str(ROOT / "notebook" / "iris.ipynb"), "-o", str(out)]) == 0
    assert "seaborn call sns.pairplot" in capsys.readouterr().out
    before = out.read_bytes()
    broken = notebook_file(tmp_path, new_code_cell("plt.plot(("))
    assert convert.main([str(broken), "-o", str(out)]) == 1
    assert "cell 1 is not valid Python" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb", "out.py"]


# --- end to end: convert, run headless from the notebook's folder, export -------------

def convert_and_run(notebook, folder, *convert_args, env=None):
    """Copy a notebook into `folder`, convert it, run it there with MPLBACKEND=Agg; returns the run."""
    shutil.copy(notebook, folder / notebook.name)
    script = folder / "output_model.py"
    subprocess.run([sys.executable, str(ROOT / "convert.py"), notebook.name, "-o", str(script), *convert_args],
                   cwd=folder, check=True, capture_output=True)
    run_env = {key: value for key, value in os.environ.items() if key != "MIN_ACCURACY"}
    run_env.update({"MPLBACKEND": "Agg", "MODEL_DIR": str(folder / "model"), **(env or {})})
    return subprocess.run([sys.executable, str(script)], cwd=folder, env=run_env, capture_output=True, text=True)


FIXTURE_EXPECTATIONS = {
    "kaggle_csv": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                   ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
    "kaggle_classic": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                       ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
    "mlm_tutorial": (["sepal-length", "sepal-width", "petal-length", "petal-width"],
                     ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "SVC"),
    "uci_no_header": (["sepal_length", "sepal_width", "petal_length", "petal_width"],
                      ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "RandomForestClassifier"),
    "colab_export": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                     ["setosa", "versicolor", "virginica"], "DecisionTreeClassifier"),
    "seaborn_heavy": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                      ["setosa", "versicolor", "virginica"], "SVC"),
    "gridsearch_tree": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                        ["setosa", "versicolor", "virginica"], "DecisionTreeClassifier"),
    "kaggle_scaled": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                      ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
    "petal_only": (["petal length (cm)", "petal width (cm)"], ["setosa", "versicolor", "virginica"],
                   "LogisticRegression"),
    "wild_syntax": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                    ["setosa", "versicolor", "virginica"], "SVC"),
    # !cp of the data, `_` and Out[3], knn beside knn_best, a hand-typed flower read with input()
    "scratch_session": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                        ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTATIONS))
def test_fixture_notebook_runs_headless_and_exports_its_model(name, tmp_path):
    iris_files.write_kaggle_csv(tmp_path)
    iris_files.write_uci_data(tmp_path)
    run = convert_and_run(NOTEBOOKS / f"{name}.ipynb", tmp_path)
    assert run.returncode == 0, run.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert (meta["feature_names"], meta["class_names"], meta["estimator"]) == FIXTURE_EXPECTATIONS[name]
    assert meta["sha256"] == hashlib.sha256((tmp_path / "model" / "model.joblib").read_bytes()).hexdigest()
    assert meta["metrics"]["accuracy"] >= 0.9


def test_notebook_names_that_shadow_builtins_do_not_break_the_export(tmp_path):
    # the export code runs in the notebook's globals; numpy's star import rebinds all/any/sum/min/max
    notebook = notebook_file(tmp_path, new_code_cell(
        "from numpy import *\nfrom sklearn.datasets import load_iris\nfrom sklearn.tree import DecisionTreeClassifier\n"
        "from sklearn.model_selection import train_test_split\niris = load_iris(as_frame=True)\n"
        "list = [1, 2]; dict = {'a': 1}; id = 7; str = 'x'; sorted = None\n"
        "X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=0)\n"
        "model = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)"))
    folder = tmp_path / "run"
    folder.mkdir()
    run = convert_and_run(notebook, folder)
    assert run.returncode == 0, run.stderr
    assert json.loads((folder / "model" / "model.json").read_text())["class_names"] == ["setosa", "versicolor", "virginica"]


def test_scaler_fitted_by_hand_is_exported_with_the_model_and_serves_raw_centimetres(tmp_path):
    iris_files.write_kaggle_csv(tmp_path)
    run = convert_and_run(NOTEBOOKS / "kaggle_scaled.ipynb", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "the model was trained on sc's output; exporting sc + knn as one pipeline" in run.stdout
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert meta["model_type"] == "sklearn.pipeline.Pipeline"
    served = joblib.load(tmp_path / "model" / "model.joblib")
    raw = pd.read_csv(tmp_path / "Iris.csv")
    accuracy = (served.predict(raw[meta["feature_names"]]) == raw["Species"]).mean()
    assert accuracy >= 0.9  # a bare KNN fed centimetres would not get here on standardised neighbours


def test_project_notebook_model_is_valid_and_matches_its_checksum(project_model_dir):
    meta = json.loads((project_model_dir / "model.json").read_text())
    assert meta["sha256"] == hashlib.sha256((project_model_dir / "model.joblib").read_bytes()).hexdigest()
    assert (meta["source"], meta["estimator"], meta["classes"]) == ("iris.ipynb", "LogisticRegression", [0, 1, 2])
    assert meta["class_names"] == ["setosa", "versicolor", "virginica"]
    assert meta["feature_names"] == ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
    assert meta["metrics"]["accuracy"] >= 0.9


def test_quality_gate_at_run_time_fails_the_script_and_keeps_the_previous_model(tmp_path):
    first = convert_and_run(ROOT / "notebook" / "iris.ipynb", tmp_path)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (tmp_path / "model").iterdir()}
    gated = convert_and_run(ROOT / "notebook" / "iris.ipynb", tmp_path, env={"MIN_ACCURACY": "0.999"})
    assert gated.returncode == 1
    assert "export: error: held-out accuracy" in gated.stderr and "Traceback" not in gated.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "model").iterdir()} == before


def test_model_var_and_min_accuracy_are_baked_in_at_convert_time(tmp_path):
    run = convert_and_run(NOTEBOOKS / "seaborn_heavy.ipynb", tmp_path, "--model-var", "pipe", "--min-accuracy", "1.0")
    assert run.returncode == 1
    assert "exporting `pipe`" in run.stdout and "below the required 1.0000" in run.stderr


def test_keyboard_input_is_commented_with_what_uses_it_and_an_input_loop_goes_whole():
    text, report = rewrite("""
        sl = float(input('Sepal length (cm): '))
        pred = knn.predict([[sl, 3.0, 1.4, 0.2]])
        print('Predicted:', names[pred])
        while True:
            s = input('q to quit: ')
            if s == 'q':
                break
        acc = knn.score(X_test, y_test)
    """)
    lines = text.split("\n")
    assert lines[:3] == ["# sl = float(input('Sepal length (cm): '))", "# pred = knn.predict([[sl, 3.0, 1.4, 0.2]])",
                         "# print('Predicted:', names[pred])"]
    assert all(line.startswith("# ") for line in lines[3:7]) and lines[7] == "acc = knn.score(X_test, y_test)"
    assert "keyboard input" in report[0] and report[-1] == "cell 1 line 4: loop reads keyboard input"


def test_the_report_says_keyboard_input_not_plotting_for_what_input_feeds():
    _, report = rewrite("""
        def ask(prompt):
            return float(input(prompt))
        sl = float(input('Sepal length: '))
        print(knn.predict([[sl, 3.0, 1.4, 0.2]]))
        pw = ask('Petal width: ')
    """)
    assert report[2:] == ["cell 1 line 4: uses keyboard input sl", "cell 1 line 5: keyboard input function ask() call ask"]
    assert not [line for line in report if "plot" in line]


def test_a_notebook_defining_its_own_input_keeps_its_calls():
    text, report = rewrite("input = lambda prompt: '5.1'\nv = float(input('x'))")
    assert text == "input = lambda prompt: '5.1'\nv = float(input('x'))" and report == []


def test_jupyters_output_history_is_kept_when_the_notebook_reads_it():
    notebook = new_notebook(cells=[
        new_markdown_cell("scratch"),
        new_code_cell("x = 20\nx + 1"),
        new_code_cell(""),  # empty: Jupyter does not execute it, so it takes no number
        new_code_cell("(x\n + 2)"),
        new_code_cell("x * 100;"),  # a trailing semicolon hides the value: not kept
        new_code_cell("print('shown')"),  # None is never kept
        new_code_cell("last, before, first = _, __, Out[1]\nsecond = _2"),
    ])
    rewritten, report = pipeline.rewrite_notebook(notebook)
    namespace = {}
    exec("\n".join(c.source for c in rewritten.cells if c.cell_type == "code"), namespace)
    assert (namespace["last"], namespace["before"], namespace["first"], namespace["second"]) == (22, 21, 21, 22)
    assert str(report[-1]).startswith("cell 2 line 1: reads Jupyter's output history")


def test_a_notebook_using_underscore_only_as_a_throwaway_gets_no_output_history():
    notebook = new_notebook(cells=[new_code_cell("for _ in range(2):\n    pass\n_ = 5\nvalue = 3\nvalue")])
    rewritten, report = pipeline.rewrite_notebook(notebook)
    assert [c.source for c in rewritten.cells] == ["for _ in range(2):\n    pass\n_ = 5\nvalue = 3\nvalue"]
    assert report == []


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


def test_a_shell_copy_ending_a_cell_is_no_output_for_jupyters_history():
    notebook = new_notebook(cells=[new_code_cell("x = 1\nx"), new_code_cell("!cp a.csv b.csv"),
                                   new_code_cell("before = __")])
    rewritten, _ = pipeline.rewrite_notebook(notebook)
    assert "_convert_out_(2" not in rewritten.cells[2].source  # cells[0] is the history keeper


def test_input_inside_a_try_that_copes_with_no_keyboard_is_kept():
    source = "try:\n    user = input('flower: ')\nexcept EOFError:\n    user = ''\nif user:\n    print(user)"
    text, report = rewrite(source)
    assert text == source and report == []
    exec(compile(text, "<cell>", "exec"), {"input": lambda prompt: (_ for _ in ()).throw(EOFError)})
