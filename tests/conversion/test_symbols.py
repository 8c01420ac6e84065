"""conversion/symbols.py: which names mean plotting (any import alias, star imports, plot results) and which do not."""
import pytest

from conversion_support import MPL, rewrite, rewrite_after
from conversion import symbols


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
    ("import mglearn", "mglearn.discrete_scatter(X[:, 0], X[:, 1], y)", "mglearn"),
    ("from pandas.tools.plotting import andrews_curves", "andrews_curves(df, 'species')", "pandas plotting"),
    ("import pandas as pd", "grr = pd.scatter_matrix(df, c=y, cmap=mglearn.cm3)", "pandas plotting"),
])
def test_plotting_is_recognised_through_any_import_alias(imports, call, library):
    text, report = rewrite_after(imports, call)
    assert text == f"# {call}"
    assert library in report[0]


@pytest.mark.parametrize("imports, statement", [
    ("import seaborn as sns", "df = sns.load_dataset('tips')"),  # 'iris' is remote_data's: offline, a local copy
    ("from seaborn import load_dataset", "df = load_dataset('iris')"),
    ("import plotly.express as px", "df = px.data.iris()"),
    ("from plotly.data import iris", "df = iris()"),
    ("import numpy as np", "counts, edges = np.histogram(x)"),
    ("import matplotlib.pyplot as plt\ndef display(x):\n    return x", "display(1)"),
    ("from matplotlib import cm\ncm = confusion_matrix(y, p)", "print(cm.sum())"),
])
def test_lookalikes_that_are_not_plotting_are_kept(imports, statement):
    assert rewrite_after(imports, statement) == (statement, [])


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


def test_names_rebound_by_loops_parameters_and_comprehensions_are_not_plots():
    source = (
        "for ax in range(3):\n    print(ax)\nsizes = [fig for fig in range(2)]\n"
        "def grow(fig):\n    return fig + 1\nprint(grow(2))"
    )
    text, _ = rewrite_after(MPL + "\nfig, ax = plt.subplots()", source + "\nfig.savefig('x.png')")
    assert text == source + "\n# fig.savefig('x.png')"


def test_import_of_a_plotting_library_that_is_not_installed_is_commented(monkeypatch):
    monkeypatch.setitem(symbols.PLOT_MODULES, "nosuchplotlib", "nosuchplotlib")
    text, report = rewrite("import nosuchplotlib.express as px\nimport seaborn as sns\npx.scatter(df)")
    assert text == "# import nosuchplotlib.express as px\nimport seaborn as sns\n# px.scatter(df)"
    assert report[0] == "cell 1 line 1: plotting library nosuchplotlib is not installed (its uses are commented out too)"
