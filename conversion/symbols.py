"""The symbol table every pass shares: what each of the notebook's names means, learnt across cells.

One SymbolTable per notebook travels on each cell's cell_state.CellState (`cell.symbols`).

Plotting is found on the parsed syntax tree, never by matching text: a name means a plotting
library when the notebook imported it from one (any alias; star imports by where each name is
defined), a plot result when it was assigned one (`fig, ax = plt.subplots()`), keyboard input
when an input() call would have filled it. Expressions are judged from their chain's root name
and shape (pandas' `.plot`, scikit-learn's *Display classes). plotting_statements.py decides
whole statements from these answers. A new plotting library is one entry in PLOT_MODULES.
"""
import ast
import functools
import importlib
import importlib.util
import types
from dataclasses import dataclass, field

from .keyboard import is_keyboard_input
from .syntax import target_names, terminal_name

PLOT_MODULES = {
    "matplotlib": "matplotlib", "pylab": "matplotlib", "mpl_toolkits": "matplotlib",
    "seaborn": "seaborn", "pandas.plotting": "pandas plotting", "pandas.tools.plotting": "pandas plotting",
    "IPython.display": "IPython display",
    "IPython.core.display": "IPython display", "plotly": "plotly", "missingno": "missingno",
    "ipywidgets": "ipywidgets", "bokeh": "bokeh", "altair": "altair", "plotnine": "plotnine",
    "yellowbrick": "yellowbrick", "ydata_profiling": "profiling report",
    "pandas_profiling": "profiling report", "sweetviz": "sweetviz", "graphviz": "graphviz",
    "pydotplus": "graphviz", "dtreeviz": "dtreeviz", "scikitplot": "scikit-plot", "cufflinks": "cufflinks",
    "hvplot": "hvplot", "mglearn": "mglearn",
}
# pandas accessors and methods added by plotting libraries: df.hvplot.scatter(), df.iplot() (cufflinks);
# and pandas < 1.0's pd.scatter_matrix (pd.plotting's today)
PANDAS_PLOT_ATTRIBUTES = ("plot", "plotting", "hvplot", "iplot", "scatter_matrix")
COLAB_MODULE = "google.colab"
# Data loaders that live in plotting libraries: the notebook's data, so they stay.
NOT_PLOTTING = {("seaborn", "load_dataset"), ("seaborn", "get_dataset_names"), ("plotly", "data")}
PANDAS_PLOT_METHODS = {"hist", "boxplot"}
SKLEARN_DISPLAY_CONSTRUCTORS = {"from_estimator", "from_predictions"}


def _missing_plot_library(modules):
    """Why to comment out an import of a plotting library that is not installed here.

    A notebook may `!pip install plotly` first; the script does not install
    packages, and every use of such a library is commented out anyway.
    """
    for module in modules:
        top = module.split(".")[0]
        if _plot_module_kind(module) and top and importlib.util.find_spec(top) is None:
            return f"plotting library {top} is not installed (its uses are commented out too)"
    return None


@functools.lru_cache(maxsize=None)
def _star_import_names(module):
    """{name: library or None} for `from pylab import *` / `from matplotlib.pyplot import *`: the
    public names the module gives, each plotting when it is defined in a plotting library (pylab's
    `plot`, `show`, `plt`), not when it comes from elsewhere (pylab's numpy `array`, `mean`, `np`).
    The module is imported to know its names; when it is not installed, nothing is learnt."""
    try:
        loaded = importlib.import_module(module)
    except Exception:  # not installed, or broken: its star import fails in the script too
        return {}
    names = getattr(loaded, "__all__", None) or [n for n in dir(loaded) if not n.startswith("_")]
    found = {}
    for name in names:
        value = getattr(loaded, name, None)
        origin = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
        if not isinstance(origin, str):
            origin = type(value).__module__
        found[name] = _plot_module_kind(origin)
    return found


def _plot_module_kind(module):
    """The plotting library a dotted module path belongs to, or None (plotly.data holds data)."""
    if module == "plotly.data" or module.startswith("plotly.data."):
        return None
    for prefix, kind in PLOT_MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            return kind
    return None


@dataclass
class SymbolTable:
    """The notebook's symbol table: what its names mean, learnt statement by statement across cells.

    libraries: name -> library for imported plotting modules/functions/classes.
    results: name -> what it holds that the script cannot have: "plot result" (figures, axes,
        grids, displays) or "keyboard input" (what an input() call would have read).
    user_defined: names the notebook defined itself (a user `display` is not IPython's).
    """

    libraries: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    user_defined: set = field(default_factory=set)
    plot_returns: dict = field(default_factory=dict)  # function -> tuple positions it returns plots at
    input_guarded: int = 0  # inside a try whose handler catches a failed input() (EOFError, Exception)

    def learn_import(self, node):
        """Record the plotting names an import statement binds; returns why the import itself
        must go (only Colab's own modules, which exist nowhere else)."""
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        if any(m == COLAB_MODULE or m.startswith(COLAB_MODULE + ".") for m in modules):
            for alias in node.names:
                self.bind(alias.asname or alias.name.split(".")[0], "Colab-only")
            return f"Colab-only import {modules[0]}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                module = alias.name if alias.asname else bound
                self.bind(bound, _plot_module_kind(module))
            return _missing_plot_library(modules)
        module = node.module or ""
        if [alias.name for alias in node.names] == ["*"] and _plot_module_kind(module):
            for name, kind in _star_import_names(module).items():
                self.bind(name, None if (kind, name) in NOT_PLOTTING else kind)
            return _missing_plot_library(modules)
        for alias in node.names:
            bound = alias.asname or alias.name
            kind = _plot_module_kind(module) or _plot_module_kind(f"{module}.{alias.name}")
            if (kind, alias.name) in NOT_PLOTTING:
                kind = None
            if kind is None and module.startswith("sklearn") and (
                alias.name.endswith("Display") or alias.name.startswith("plot_")
            ):
                kind = "scikit-learn plotting"
            self.bind(bound, kind)
        return _missing_plot_library(modules)

    def bind(self, name, kind):
        """Bind `name` to a plotting library, or forget it when rebound to something else."""
        self.results.pop(name, None)
        self.plot_returns.pop(name, None)
        if kind:
            self.libraries[name] = kind
        else:
            self.libraries.pop(name, None)

    def rebind(self, names, held):
        """An assignment: the targets now hold a plot (held True or "plot result"), what keyboard
        input would have read ("keyboard input"), or (held falsy) something the script keeps."""
        for name in names:
            self.libraries.pop(name, None)
            self.plot_returns.pop(name, None)
            if held:
                self.results[name] = "plot result" if held is True else held
            else:
                self.results.pop(name, None)
                self.user_defined.add(name)

    def root_reason(self, node, first_attr):
        """Why the root name of an attribute/call chain (`plt` in `plt.show()`) is plotting or
        keyboard input, or None; `first_attr` tells a library's data loaders (`px.data.iris()`) apart."""
        if node.id in self.results:
            return f"uses {self.results[node.id]} {node.id}"
        kind = self.libraries.get(node.id)
        if kind and (kind, first_attr) not in NOT_PLOTTING:
            return kind
        if node.id == "display" and "display" not in self.user_defined:
            return "IPython display"
        if node.id == "get_ipython":
            return "IPython API"
        if is_keyboard_input(node.id, self):
            return "keyboard input"
        return None


def _segment(node, limit=60):
    """Short source text of an expression, for the report."""
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _call_reason(call):
    """Plotting recognised from a call's own shape: pandas .hist/.boxplot, sklearn displays, plot_tree."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in PANDAS_PLOT_METHODS:
        return "pandas plotting"
    if isinstance(func, ast.Attribute) and func.attr in SKLEARN_DISPLAY_CONSTRUCTORS and terminal_name(
        func.value
    ).endswith("Display"):
        return "scikit-learn display"
    if terminal_name(func) == "plot_tree":
        return "scikit-learn plotting"
    return None


def _chain_links(expr):
    """The links of an attribute/call/subscript chain, outermost first, ending at its root."""
    node = expr
    while True:
        yield node
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        else:
            return


def chain_reason(expr, names):
    """Why an expression is a plotting call chain (`plt.x(...)`, `df[c].plot.hist()`, `ax.set(...)`).

    The root name decides first (a plotting library or a plot result); else the
    chain's own shape: pandas `.plot`/`.plotting`/`.hist`/`.boxplot`, sklearn displays, plot_tree.
    """
    links = list(_chain_links(expr))
    root = links[-1]
    if isinstance(root, ast.Name):
        attrs = [link.attr for link in links if isinstance(link, ast.Attribute)]
        why = names.root_reason(root, attrs[-1] if attrs else None)
        if why:
            shown = expr.func if isinstance(expr, ast.Call) else expr
            return why if why.startswith("uses") else f"{why} call {_segment(shown)}"
    for link in links:
        if isinstance(link, ast.Call) and _call_reason(link):
            return f"{_call_reason(link)} call {_segment(link.func)}"
        if isinstance(link, ast.Attribute) and link.attr in PANDAS_PLOT_ATTRIBUTES:
            return f"pandas plotting {_segment(link)}"
    return None


def _locally_bound(node):
    """Names a comprehension or lambda inside `node` binds for itself (they shadow plot results)."""
    bound = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.comprehension):
            bound.update(target_names([sub.target]))
        elif isinstance(sub, ast.Lambda):
            bound.update(arg.arg for arg in sub.args.args + sub.args.kwonlyargs)
    return bound


def uses_plot_result(node, names):
    """Why a statement or expression reads a name that holds a plot, or None."""
    shadowed = _locally_bound(node)
    for sub in ast.walk(node):
        if (isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load)
                and sub.id in names.results and sub.id not in shadowed):
            return f"uses {names.results[sub.id]} {sub.id}"
    return None


def nested_plot_reason(expr, names):
    """Why an expression calls a plotting function somewhere inside it, not only at its top:
    `[plt.plot(c) for c in cols]`, `print(plt.hist(x))`, `plt.show() if verbose else None`,
    `df.apply(lambda r: plt.plot(r), axis=1)` (a lambda in a statement is called by it)."""
    for node in ast.walk(expr):
        why = chain_reason(node, names) if isinstance(node, ast.Call) else None
        if why:
            return why
    return None
