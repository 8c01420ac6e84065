#!/usr/bin/env python3
"""Turn a Jupyter notebook into a headless training script that exports its model.

    convert.py NOTEBOOK -o OUT.py [--model-var NAME] [--model-dir DIR] [--min-accuracy X]

The pipeline is a chain of small steps, each a pure function of its input:

    read_notebook -> rewrite_notebook (per code cell: handle_magics -> run_top_level_awaits
                     -> plan (plotting, import fixes) -> hosted_paths -> apply_plan)
                  -> export_script (nbconvert's PythonExporter) -> hoist_future_imports
                  -> add_header / add_export -> check_script -> write_atomically

Plotting is found on the parsed syntax tree (the `ast` module), never by
matching text: names are resolved from the notebook's imports (any alias of
matplotlib, seaborn, pandas.plotting, IPython.display, plotly, scikit-learn's
*Display classes and plot_tree; star imports such as `from pylab import *` by where
each name is defined), pandas' `.plot` / `.hist` / `.boxplot`, and the
names that later hold a plot (`fig, ax = plt.subplots()`, `g = sns.pairplot()`).
A statement that calls a plotting function anywhere inside it (`[plt.plot(c) for c
in cols]`, `print(plt.hist(x))`, `plt.show() if v else None`) is plotting too; a
lambda assigned to a name (`draw = lambda c: plt.hist(c)`) stays, and its calls go.
Interactive and report libraries count as plotting too (ipywidgets, bokeh, altair,
plotnine, yellowbrick, ydata-profiling, sweetviz, graphviz, scikit-plot, cufflinks'
`df.iplot()`, hvplot's `df.hvplot`); a plotting decorator
(`@interact(n=(1, 10))`) is commented alone and its function kept.
Keyboard input is treated the same way: a statement calling `input()` (a headless build has
no one to type: EOFError, or a hang) is commented with the statements using what it read,
and a `while` loop that reads the keyboard is commented whole; input() inside a `try` whose
handler catches EOFError or Exception stays (the notebook copes with no keyboard itself).
A function that returns its real result with a plot (`return model, fig`) returns the
plot as None (`return model, None`) and stays, and `model, fig = f(...)` knows `fig`
is a plot; `del fig` goes with the plot it deletes.
A plotting statement is commented out as a whole (every line of a multi-line
call, original text kept after `# `); any statement that uses a plot's result
goes with it; compound statements (for, if, with, def, try) keep their real
work and lose only their plotting statements (a loop or if whose own header plots,
`if (ax := df.plot()) is not None:`, goes whole); a block left empty gets `pass`.
A loop whose header uses a plot only to zip it with real data
(`for col, ax in zip(cols, axes.flat):`) drops it from the header
(`for col in cols:`) and keeps its body's real work; any other loop header
that uses a plot is commented out with its whole loop.
Imports that ran in the notebook's older environment but fail here are fixed in place
(original kept as a trailing comment): `from sklearn.externals import joblib` ->
`import joblib`; sklearn.cross_validation / grid_search / learning_curve ->
sklearn.model_selection (when every name exists there); removed scikit-learn plot_*
helpers (plot_confusion_matrix) are dropped from their import and their calls
commented as plotting; `from tqdm.notebook
import tqdm` (Jupyter widgets) -> tqdm.auto, or pass-through stand-ins when tqdm is absent.
Everything else is left byte for byte as written.

IPython syntax is handled here, before parsing, so the script never needs
`get_ipython()`:

    %matplotlib, %config, %load_ext, %pip, %conda, other line magics -> comment
    !cmd, !pip install ..., automagic `ls`, `pip install x`     -> comment (a build
        must not install packages or run shell commands behind the user's back)
    x = !cmd                      -> x = subprocess.getoutput(cmd).splitlines()
                                     (the notebook uses the value, so it is computed)
    x = %time expr                -> x = expr (other `x = %magic` -> x = None)
    %time stmt, %timeit stmt      -> stmt, run once (its side effects may matter)
    %%time, %%timeit, %%capture   -> the cell body runs plainly
    %%capture cap                 -> cap = IPython's CapturedIO(None, None) (empty .stdout, .show()),
                                     then the body runs plainly, so later `cap.stdout` still works
    %%writefile [-a] path         -> with open(path) as _file: _file.write(body)
    %%bash, %%html, other cells   -> the whole cell is commented out
    %run [-i] script.py           -> globals().update(runpy.run_path(script, run_name='__main__'))
                                     (-i: it also sees the notebook's names); %run nb.ipynb -> comment
    %pylab [inline]               -> from pylab import * (numpy's names stay; pyplot's are plotting)
    %cd dir, automagic `cd dir`   -> os.chdir(dir), so later relative paths still work
    %env NAME=value, %env NAME value, %set_env -> os.environ["NAME"] = "value"
    !mkdir -p dir, %mkdir, mkdir  -> os.makedirs("dir", exist_ok=True) (other shell commands: comment)
    !cp a b, !mv a b, %cp, cp a b -> shutil.copy / shutil.move (plain file names only; -r, globs: comment)
    ?obj, obj?, obj??             -> comment
    x = await f()  (top level)    -> x = _convert_loop_.run_until_complete(_convert_await_(lambda: f()))
                                     on one event loop that a cell added before the first such
                                     cell creates (Jupyter runs cells in its loop; a script has none)

A notebook that reads Jupyter's output history (`df = _`, `stats = Out[4]`, `_4`) gets it: a
cell first defines `Out` and a keeper, and each executed cell's last expression (unless it ends
with `;`) passes its value through it, numbered as a fresh run numbers cells.

The report numbers cells from 1 counting every cell, top to bottom as Jupyter
shows them, and lines from 1 within the cell.

A `from __future__ import` from any cell is moved to the top of the script (Python
requires it first; its text stays, commented, where it was).
The appended export code runs in the script's globals; names the notebook bound over
builtins (`list = [...]`, numpy's `all`/`sum`/`max` from `from pylab import *`) are
set aside from them first (the export still sees them in the notebook's namespace).

Markdown and raw cells become comments, never code. A notebook missing cell metadata
or outputs (written by a script or another editor) is read with them filled in empty,
as Jupyter opens it. Notebooks saved by Colab
(no kernelspec or language_info, extra cell metadata) convert the same way; Colab's
own calls are commented, except `uploaded = files.upload()`, which becomes the data
files next to the script as {name: bytes}; string literals under /content/ (where
uploads land and Drive mounts) name the script's folder: '/content/drive/MyDrive/
data/Iris.csv' -> 'Iris.csv', a folder -> '.'. Kaggle kernels' data paths likewise:
'/kaggle/input/iris/Iris.csv' and '../input/Iris.csv' -> 'Iris.csv', '/kaggle/input' -> '.'.
"""
import argparse
import ast
import functools
import importlib.util
import io
import json
import os
import pathlib
import sys
import tempfile
import tokenize
from dataclasses import dataclass, field
from types import SimpleNamespace
import types

import nbformat
from nbconvert import PythonExporter

EXPORT_MODULE = pathlib.Path(__file__).with_name("export_model.py")


class ConvertError(Exception):
    """The notebook cannot be converted; the message names the cell."""


@dataclass(frozen=True)
class Note:
    """One line of the report: where, and why it was commented out or rewritten."""

    cell: int
    line: int
    why: str

    def __str__(self):
        return f"cell {self.cell} line {self.line}: {self.why}"


# --- IPython magics and shell lines ------------------------------------------

PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "python", "python3", "debug"}
AUTOMAGIC_WORDS = {"cd", "ls", "pwd", "pip", "conda", "mkdir", "rm", "cp", "mv", "cat", "clear",
                   "who", "whos", "history", "matplotlib", "load_ext", "timeit", "env", "ll"}
BARE_AUTOMAGIC = {"cd", "ls", "pwd", "clear", "who", "whos", "history", "ll", "lsmagic"}
TIMEIT_VALUE_OPTIONS = {"-n", "-r", "-p"}
MAGIC_SENTINEL = "_convert_magic_"


def inside_multiline(lines):
    """True when `lines` end inside an open bracket, string or backslash continuation."""
    text = "\n".join(lines) + "\n"
    try:
        for _ in tokenize.generate_tokens(io.StringIO(text).readline):
            pass
    except tokenize.TokenError:
        return True
    except (IndentationError, SyntaxError):
        return False
    return False


def ends_with_help_mark(stripped):
    """`obj?` / `obj??`: the last real token is a `?` (a `?` in a comment or string does not count)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(stripped + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return False
    ignored = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER}
    real = [t for t in tokens if t.type not in ignored]
    return bool(real) and real[-1].string == "?"


def compiles(stripped):
    """True when the line is a complete Python statement by itself."""
    try:
        compile(stripped, "<line>", "exec")
    except SyntaxError:
        return False
    return True


def is_automagic(stripped):
    """`ls`, `cd data`, `pip install x`: magic names typed without `%` that are not valid Python.

    Like IPython, a name followed by an operator (`pwd = (...`, `history[0]`) is Python, not a magic.
    """
    word, _, rest = stripped.partition(" ")
    rest = rest.lstrip()
    if word not in AUTOMAGIC_WORDS | BARE_AUTOMAGIC:
        return False
    if rest[:1] in tuple("=([,&^|*/+%<>!:") or rest.startswith(("-=", "in ", "is ", "and ", "or ", "not ")):
        return False
    return stripped in BARE_AUTOMAGIC or not compiles(stripped)


def shell_assignment(stripped):
    """Split `x = !cmd` / `x = %magic` into (target, rhs), else None."""
    target, sep, rhs = stripped.partition("=")
    rhs = rhs.lstrip()
    if not sep or not rhs.startswith(("!", "%")):
        return None
    names = [n.strip() for n in target.split(",")]
    if not all(n.isidentifier() for n in names):
        return None
    return target.strip(), rhs


def timeit_statement(args):
    """The statement of `%timeit -n 10 -r 3 stmt`, options removed."""
    words = args.split(" ")
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if option in TIMEIT_VALUE_OPTIONS and words:
            words.pop(0)
    return " ".join(words).strip()


def run_path(args):
    """(interactive, path) of `%run [-i] script.py`; None for what runpy cannot do the same way
    (a notebook, script arguments, other options, IPython variables in the path)."""
    words = args.split()
    interactive = words[:1] == ["-i"]
    words = words[1:] if interactive else words
    if len(words) != 1 or not words[0].endswith(".py") or any(c in words[0] for c in "${"):
        return None
    path = words[0]
    if len(path) > 1 and path[0] == path[-1] and path[0] in "'\"":
        path = path[1:-1]
    return interactive, path


def line_magic(stripped):
    """Plain-Python meaning of one `%magic args` line: ("code", text, why) or ("comment", why)."""
    name, _, args = stripped[1:].partition(" ")
    args = args.strip()
    if name == "time" and args:
        return "code", args, f"%time: runs `{args}` plainly"
    if name == "timeit" and timeit_statement(args):
        statement = timeit_statement(args)
        return "code", statement, f"%timeit: runs `{statement}` once"
    if name == "cd" and args.removeprefix("-q ").strip() and not any(c in args for c in "${"):
        path = args.removeprefix("-q ").strip()
        if len(path) > 1 and path[0] == path[-1] and path[0] in "'\"":
            path = path[1:-1]
        return "code", f"os.chdir(os.path.expanduser({path!r}))", f"%cd: os.chdir({path!r})"
    if name == "run" and run_path(args):
        interactive, path = run_path(args)
        extra = ", init_globals=globals()" if interactive else ""
        code = f"globals().update(__import__('runpy').run_path({path!r}, run_name='__main__'{extra}))"
        return "code", code, f"%run: runs {path} with runpy and keeps its names, as %run does"
    if name == "pylab":
        code = "import numpy as np; import matplotlib.pyplot as plt" if "--no-import-all" in args else "from pylab import *"
        return "code", code, f"%pylab: `{code}` (its plotting names are then commented like any plot)"
    if name in ("pip", "conda"):
        return "comment", f"package install `{name} {args}` (not run: pin packages in requirements/train.txt)"
    if name in ("env", "set_env") and env_assignment(args):
        key, value = env_assignment(args)
        return "code", f"os.environ[{key!r}] = {value!r}", f"%{name}: sets {key}"
    if name == "mkdir" and make_dirs_code(args):
        return "code", make_dirs_code(args), f"mkdir {args}: os.makedirs (later cells write into it)"
    if copy_code(f"{name} {args}"):
        return "code", copy_code(f"{name} {args}"), f"{name} {args}: shutil (later cells read the file)"
    return "comment", f"IPython magic %{name} (not run)"


def env_assignment(args):
    """(name, value) of `%env NAME=value` or `%env NAME value` (both IPython forms), else None."""
    if "=" in args and " " not in args.split("=", 1)[0].strip():
        key, value = (part.strip() for part in args.split("=", 1))
    else:
        key, _, value = args.partition(" ")
        value = value.strip()
    return (key, value) if key.isidentifier() and value and "$" not in value else None


def make_dirs_code(args):
    """`mkdir [-p] a b/c` as os.makedirs calls: notebooks make folders they then save into, and
    making a folder is safe; None when the arguments hold shell syntax (variables, globs, &&, quotes)."""
    words = [word for word in args.split() if word != "-p"]
    if not words or any(c in args for c in "$`{}*?[]&|;<>'\"\\") or any(w.startswith("-") for w in words):
        return None
    return "; ".join(f"os.makedirs({word!r}, exist_ok=True)" for word in words)


def copy_code(command):
    """`cp [-f|-v] src... dst` and `mv src dst` as shutil calls: notebooks copy their data file
    into the folder they then read it from (`!cp Iris.csv data/raw/iris.csv`), and commenting the
    copy left the read failing. Plain file names only: None for globs, variables, quotes, `-r`,
    chains (&&, |) or anything else of the shell's, which stay commented."""
    words = command.split()
    if not words or words[0] not in ("cp", "mv") or any(c in command for c in "$`{}*?[]&|;<>'\"\\~"):
        return None
    flags = [w for w in words[1:] if w.startswith("-")]
    paths = [w for w in words[1:] if not w.startswith("-")]
    if any(flag not in ("-f", "-v") for flag in flags) or len(paths) < 2 or (words[0] == "mv" and len(paths) != 2):
        return None
    call = "copy" if words[0] == "cp" else "move"
    # a loop, not a bare call: the call's value (the destination) is no cell output, as !cp shows none
    return f"for _convert_src_ in {paths[:-1]!r}: __import__('shutil').{call}(_convert_src_, {paths[-1]!r})"


def classify_line(stripped):
    """Decide what an IPython-only line becomes; None for ordinary Python."""
    if stripped.startswith("#"):
        return None
    assignment = shell_assignment(stripped)
    if assignment:
        target, rhs = assignment
        command = rhs[1:].strip()
        if rhs.startswith("!") and not any(c in command for c in "${"):
            code = f"{target} = __import__('subprocess').getoutput({command!r}).splitlines()"
            return "code", code, f"shell output `{command}` captured with subprocess"
        name, _, expression = rhs[1:].partition(" ")
        if name == "time" and expression.strip() and compiles(f"{target} = {expression.strip()}"):
            return "code", f"{target} = {expression.strip()}", f"%time: {target} gets the value of `{expression.strip()}`"
        return "code", f"{target} = None", f"IPython `{rhs}` not run; {target} set to None"
    if stripped.startswith("!"):
        command = stripped.lstrip("!").strip()
        words = command.split()
        if ("pip" in words or "conda" in words) and "install" in words:
            return "comment", f"package install `{command}` (not run: pin packages in requirements/train.txt)"
        if words[:1] == ["mkdir"] and make_dirs_code(command[len("mkdir"):]):
            return "code", make_dirs_code(command[len("mkdir"):]), f"shell `{command}`: os.makedirs (later cells write into it)"
        if copy_code(command):
            return "code", copy_code(command), f"shell `{command}`: shutil (later cells read the file)"
        return "comment", f"shell command `{command}` (not run)"
    if stripped.startswith("%%"):
        return "comment", f"cell magic {stripped.split()[0]} not at the top of its cell (not run)"
    if stripped.startswith("%"):
        return line_magic(stripped)
    if stripped.startswith("?") or ("?" in stripped and ends_with_help_mark(stripped)):
        return "comment", "IPython help request (not run)"
    if is_automagic(stripped):
        return line_magic("%" + stripped)
    return None


def writefile_code(args, body):
    """`%%writefile [-a] path`: the plain-Python equivalent, so later imports of that file still work."""
    words = args.split()
    mode = "a" if "-a" in words or "--append" in words else "w"
    path = " ".join(w for w in words if w not in ("-a", "--append"))
    return f"with open({path!r}, {mode!r}) as _file:\n    _file.write({body!r})"


def capture_target(args):
    """The variable of `%%capture [--no-stderr] [--no-stdout] [--no-display] cap`, else None."""
    words = [word for word in args.split() if not word.startswith("-")]
    return words[0] if words and words[0].isidentifier() else None


def handle_cell_magic(lines, start, cell):
    """A `%%magic` first line (after blank lines): Python-bodied magics run plainly, %%writefile
    writes its file, the others comment the cell out. Returns (lines, notes, body_is_python)."""
    name, _, args = lines[start].strip()[2:].partition(" ")
    head, body = lines[:start], lines[start + 1:]
    if name == "capture" and capture_target(args):
        target = capture_target(args)
        note = Note(cell, start + 1, f"cell magic %%capture: the cell body runs plainly, its output "
                                     f"not captured; {target} holds empty captured output")
        code = f"{target} = __import__('IPython.utils.capture', fromlist=['CapturedIO']).CapturedIO(None, None)"
        return head + [f"{code}  # {lines[start].strip()}"] + body, [note], True
    if name in PYTHON_CELL_MAGICS:
        note = Note(cell, start + 1, f"cell magic %%{name}: the cell body runs plainly")
        return head + ["# " + lines[start]] + body, [note], True
    commented = ["# " + line if line.strip() else line for line in lines[start:]]
    if name == "writefile" and args.strip():
        note = Note(cell, start + 1, f"cell magic %%writefile: writes {args.strip()} with open()")
        code = writefile_code(args, "\n".join(body) + "\n")
        return head + commented + code.split("\n"), [note], False
    note = Note(cell, start + 1, f"cell magic %%{name}: whole cell commented out (not Python)")
    return head + commented, [note], False


def handle_magics(source, cell):
    """Replace IPython-only lines so the cell parses as Python.

    Lines to comment out become a sentinel call `_convert_magic_(i)` that
    comment_plots later comments out like any statement (so an emptied block
    gets `pass`); lines with a plain-Python meaning are replaced in place.
    Returns (source, notes, commented) where commented[i] is the original line.
    """
    lines = source.split("\n")
    notes = []
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    while start < len(lines) and lines[start].startswith("%%"):  # `%%time` then `%%capture`: both apply
        lines, cell_notes, is_python = handle_cell_magic(lines, start, cell)
        notes += cell_notes
        if not is_python:
            return "\n".join(lines), notes, {}
        start = next((i for i in range(start + 1, len(lines)) if lines[i].strip()), len(lines))
    commented = {}
    out = []
    continued = None  # indentation of an IPython line that ended with a backslash
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        decision = None
        if continued is not None:
            indent, decision = continued, ("comment", "continues the IPython line above (not run)")
        elif stripped:
            decision = classify_line(stripped)
            if decision and inside_multiline(out):  # tokenizing is the costly check: only for candidates
                decision = None
        if decision and stripped.endswith("\\"):
            continued = indent
            decision = ("comment", decision[-1] if decision[0] == "comment" else "IPython line (not run)")
        else:
            continued = None
        if decision is None:
            out.append(line)
        elif decision[0] == "code":
            out.append(f"{indent}{decision[1]}  # {stripped}")
            notes.append(Note(cell, number, decision[2]))
        else:
            commented[number] = line
            out.append(f"{indent}{MAGIC_SENTINEL}({number})")
            notes.append(Note(cell, number, decision[1]))
    return "\n".join(out), notes, commented


# --- plotting: name resolution -----------------------------------------------

PLOT_MODULES = {
    "matplotlib": "matplotlib", "pylab": "matplotlib", "mpl_toolkits": "matplotlib",
    "seaborn": "seaborn", "pandas.plotting": "pandas plotting", "IPython.display": "IPython display",
    "IPython.core.display": "IPython display", "plotly": "plotly", "missingno": "missingno",
    "ipywidgets": "ipywidgets", "bokeh": "bokeh", "altair": "altair", "plotnine": "plotnine",
    "yellowbrick": "yellowbrick", "ydata_profiling": "profiling report",
    "pandas_profiling": "profiling report", "sweetviz": "sweetviz", "graphviz": "graphviz",
    "pydotplus": "graphviz", "dtreeviz": "dtreeviz", "scikitplot": "scikit-plot", "cufflinks": "cufflinks",
    "hvplot": "hvplot",
}
# pandas accessors and methods added by plotting libraries: df.hvplot.scatter(), df.iplot() (cufflinks)
PANDAS_PLOT_ATTRIBUTES = ("plot", "plotting", "hvplot", "iplot")
COLAB_MODULE = "google.colab"
# Data loaders that live in plotting libraries: the notebook's data, so they stay.
NOT_PLOTTING = {("seaborn", "load_dataset"), ("seaborn", "get_dataset_names"), ("plotly", "data")}
PANDAS_PLOT_METHODS = {"hist", "boxplot"}
SKLEARN_DISPLAY_CONSTRUCTORS = {"from_estimator", "from_predictions"}


def missing_plot_library(modules):
    """Why to comment out an import of a plotting library that is not installed here.

    A notebook may `!pip install plotly` first; the script does not install
    packages, and every use of such a library is commented out anyway.
    """
    for module in modules:
        top = module.split(".")[0]
        if plot_module_kind(module) and top and importlib.util.find_spec(top) is None:
            return f"plotting library {top} is not installed (its uses are commented out too)"
    return None


@functools.lru_cache(maxsize=None)
def star_import_names(module):
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
        found[name] = plot_module_kind(origin)
    return found


def plot_module_kind(module):
    """The plotting library a dotted module path belongs to, or None (plotly.data holds data)."""
    if module == "plotly.data" or module.startswith("plotly.data."):
        return None
    for prefix, kind in PLOT_MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            return kind
    return None


@dataclass
class PlotNames:
    """What the notebook's names mean, learnt statement by statement across cells.

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
                self.bind(bound, plot_module_kind(module))
            return missing_plot_library(modules)
        module = node.module or ""
        if [alias.name for alias in node.names] == ["*"] and plot_module_kind(module):
            for name, kind in star_import_names(module).items():
                self.bind(name, None if (kind, name) in NOT_PLOTTING else kind)
            return missing_plot_library(modules)
        for alias in node.names:
            bound = alias.asname or alias.name
            kind = plot_module_kind(module) or plot_module_kind(f"{module}.{alias.name}")
            if (kind, alias.name) in NOT_PLOTTING:
                kind = None
            if kind is None and module.startswith("sklearn") and (
                alias.name.endswith("Display") or alias.name.startswith("plot_")
            ):
                kind = "scikit-learn plotting"
            self.bind(bound, kind)
        return missing_plot_library(modules)

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


def segment(node, limit=60):
    """Short source text of an expression, for the report."""
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def terminal_name(node):
    """`ConfusionMatrixDisplay` for both `ConfusionMatrixDisplay` and `metrics.ConfusionMatrixDisplay`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def chain_root_reason(node, names, first_attr):
    """Why the root name of an attribute/call chain is plotting, or None."""
    if node.id in names.results:
        return f"uses {names.results[node.id]} {node.id}"
    kind = names.libraries.get(node.id)
    if kind and (kind, first_attr) not in NOT_PLOTTING:
        return kind
    if node.id == "display" and "display" not in names.user_defined:
        return "IPython display"
    if node.id == "get_ipython":
        return "IPython API"
    if node.id in KEYBOARD_INPUT and node.id not in names.user_defined and not names.input_guarded:
        return "keyboard input"
    return None


def held_value(why):
    """What an assignment's targets hold when the statement is commented for `why` (None: kept)."""
    if why is None:
        return None
    return "keyboard input" if "keyboard input" in why else "plot result"


KEYBOARD_INPUT = ("input",)  # Jupyter shows a text box; a headless build has no one to type (EOFError, or a hang)


def asks_for_input(stmt, names):
    """A `while` loop that reads the keyboard (`while True: s = input(); if s == 'q': break`):
    headless, its input() calls are commented, so only commenting the whole loop stops it
    spinning forever on what is left."""
    return isinstance(stmt, ast.While) and any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and chain_root_reason(node.func, names, None) == "keyboard input"
        for node in ast.walk(stmt)
    )


def call_reason(call):
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


def chain_links(expr):
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
    links = list(chain_links(expr))
    root = links[-1]
    if isinstance(root, ast.Name):
        attrs = [link.attr for link in links if isinstance(link, ast.Attribute)]
        why = chain_root_reason(root, names, attrs[-1] if attrs else None)
        if why:
            shown = expr.func if isinstance(expr, ast.Call) else expr
            return why if why.startswith("uses") else f"{why} call {segment(shown)}"
    for link in links:
        if isinstance(link, ast.Call) and call_reason(link):
            return f"{call_reason(link)} call {segment(link.func)}"
        if isinstance(link, ast.Attribute) and link.attr in PANDAS_PLOT_ATTRIBUTES:
            return f"pandas plotting {segment(link)}"
    return None


def locally_bound(node):
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
    shadowed = locally_bound(node)
    for sub in ast.walk(node):
        if (isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load)
                and sub.id in names.results and sub.id not in shadowed):
            return f"uses {names.results[sub.id]} {sub.id}"
    return None


def target_names(targets):
    """Plain names bound by assignment targets, through tuples and starred names."""
    found = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                found.append(sub.id)
    return found


def assignment_parts(stmt):
    """(targets, value) of any assignment statement, else None."""
    if isinstance(stmt, ast.Assign):
        return stmt.targets, stmt.value
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and stmt.value is not None:
        return [stmt.target], stmt.value
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


def plotting_lambda(targets, value, names):
    """`draw = lambda c: plt.hist(df[c])` defines a plotting helper: the assignment stays (it
    draws nothing), and the name becomes a plotting function so that `draw(col)` is commented."""
    if not (isinstance(value, ast.Lambda) and len(targets) == 1 and isinstance(targets[0], ast.Name)):
        return False
    body = value.body
    if not (chain_reason(body, names) or nested_plot_reason(body, names) or uses_plot_result(body, names)):
        return False
    names.rebind([targets[0].id], False)
    names.libraries[targets[0].id] = f"plotting function {targets[0].id}()"
    return True


def plot_positions(elements, names):
    """Indexes of the elements of a tuple expression that are plots (`fig` in `model, fig`)."""
    return {i for i, element in enumerate(elements)
            if uses_plot_result(element, names) or chain_reason(element, names) or nested_plot_reason(element, names)}


def plan_mixed_return(stmt, names, plan):
    """`return model, fig` in a function that trains and plots: the plots are returned as None
    (`return model, None`), so the function and its real result stay; the positions are recorded
    so `model, fig = train_and_plot(...)` knows `fig` holds a plot. True when rewritten."""
    if not (plan.returns and isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Tuple)):
        return False
    elements = stmt.value.elts
    plots = plot_positions(elements, names)
    if not plots or len(plots) == len(elements) or any(isinstance(e, ast.Starred) for e in elements):
        return False
    source = "\n".join(plan.lines)
    kept = ["None" if i in plots else ast.get_source_segment(source, e) for i, e in enumerate(elements)]
    plan.replaced.append((stmt, "return " + ", ".join(kept), "returns a plot: returned as None, the rest kept"))
    plan.returns[-1].update(plots)
    return True


def simple_statement_reason(stmt, names):
    """Why a simple (non-block) statement is plotting; updates what names hold plots."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return names.learn_import(stmt)
    if isinstance(stmt, ast.Delete):
        deleted = [name for name in target_names(stmt.targets) if name in names.results]
        return f"deletes plot result {deleted[0]}" if deleted else None
    parts = assignment_parts(stmt)
    if parts is None:
        value = getattr(stmt, "value", None)
        why = chain_reason(value, names) if isinstance(value, ast.expr) else None
        why = why or (nested_plot_reason(value, names) if isinstance(value, ast.expr) else None)
        return why or uses_plot_result(stmt, names)
    targets, value = parts
    if plotting_lambda(targets, value, names):
        return None
    why = chain_reason(value, names) or uses_plot_result(value, names) or nested_plot_reason(value, names)
    for target in targets:
        if not isinstance(target, ast.Name):
            why = why or chain_reason(target, names) or uses_plot_result(target, names)
    names.rebind(target_names(targets), held_value(why))
    if why is None and isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
            and len(targets) == 1 and isinstance(targets[0], ast.Tuple):
        positions = names.plot_returns.get(value.func.id, set())
        names.rebind([e.id for i, e in enumerate(targets[0].elts) if i in positions and isinstance(e, ast.Name)], True)
    return why


def header_reason(stmt, names):
    """Why a block statement cannot run without plots: its loop iterable, condition or context
    manager uses a plot result, or is itself a plotting call. (`with plt.style.context(...)`
    works headless, so such a block is kept and only its plotting statements go.)"""
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return next(filter(None, (uses_plot_result(item.context_expr, names) for item in stmt.items)), None)
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        expr = stmt.iter
    elif isinstance(stmt, (ast.While, ast.If)):
        expr = stmt.test
    elif isinstance(stmt, ast.Match):
        expr = stmt.subject
    else:
        return None
    return uses_plot_result(expr, names) or chain_reason(expr, names) or nested_plot_reason(expr, names)


# --- plotting: choosing statements -------------------------------------------

@dataclass
class Plan:
    """Statements to comment out (node, why), blocks that end up empty (their statements), and
    loops whose header is rewritten to iterate without a plot object (loop, kept targets, kept iterables)."""

    commented: list = field(default_factory=list)
    emptied: list = field(default_factory=list)
    headers: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # the cell's source lines, for decorator spans
    replaced: list = field(default_factory=list)  # (statement, new text, why): imports fixed, returns
    returns: list = field(default_factory=list)  # per function being planned: plot positions it returns


def is_magic_sentinel(stmt):
    """The placeholder handle_magics left for a magic line to comment out."""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == MAGIC_SENTINEL)


def child_blocks(stmt):
    """The statement lists nested in a compound statement, to rewrite in place."""
    if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
        return [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]
    if isinstance(stmt, ast.Match):
        return [case.body for case in stmt.cases]
    return [getattr(stmt, name) for name in ("body", "orelse") if getattr(stmt, name, None)]


def block_targets(stmt):
    """Names a kept block statement binds itself: loop variables, `with ... as` names."""
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return target_names([stmt.target])
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return target_names([item.optional_vars for item in stmt.items if item.optional_vars])
    return []


def unzipped_loop(stmt, names):
    """(kept targets, kept iterables, plot targets) for `for col, ax in zip(cols, axes.flat):`, whose
    plot object can simply be dropped from the zip; None for any other loop. Only plain one-line
    headers of a `zip()` of plain arguments over as many plain names qualify, with the body on its
    own lines, so the rewrite is a clean edit of one line. (zip stops at its shortest argument: with
    fewer axes than columns, the kept body now also runs for the columns that had no axis.)"""
    if not isinstance(stmt, ast.For):
        return None
    call, target = stmt.iter, stmt.target
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "zip" and not call.keywords and isinstance(target, ast.Tuple)
            and len(target.elts) == len(call.args) and stmt.lineno == call.end_lineno < stmt.body[0].lineno):
        return None
    if any(isinstance(arg, ast.Starred) for arg in call.args) or not all(isinstance(t, ast.Name) for t in target.elts):
        return None
    plots = [bool(uses_plot_result(arg, names) or chain_reason(arg, names)) for arg in call.args]
    if all(plots):
        return None
    kept = [(t, arg) for t, arg, plot in zip(target.elts, call.args, plots) if not plot]
    dropped = [t.id for t, plot in zip(target.elts, plots) if plot]
    return [t for t, _ in kept], [arg for _, arg in kept], dropped


def decorator_span(decorator, lines):
    """The source span of a decorator line from its `@` (ast starts a decorator after it), so the
    line can be commented like a statement; None when the `@` is not on the decorator's line."""
    line = lines[decorator.lineno - 1]
    at = line.rfind("@", 0, char_column(line, decorator.col_offset))
    if at < 0 or line[:at].strip():
        return None
    return SimpleNamespace(lineno=decorator.lineno, col_offset=len(line[:at].encode("utf-8")),
                           end_lineno=decorator.end_lineno, end_col_offset=decorator.end_col_offset)


def plan_decorators(stmt, names, plan):
    """A plotting decorator (`@interact(n=(1, 10))`, `@widgets.interact`) is commented out alone: the
    function it decorates may be real work, and in Jupyter the decorator only shows a widget."""
    for decorator in stmt.decorator_list:
        why = chain_reason(decorator, names) or uses_plot_result(decorator, names)
        span = decorator_span(decorator, plan.lines) if why else None
        if span:
            plan.commented.append((span, f"plotting decorator: {why}"))


# Modules of old scikit-learn whose functions moved (0.18-0.20); kept only when every imported
# name exists in the new module (train_test_split, cross_val_score, GridSearchCV, learning_curve).
MOVED_SKLEARN_MODULES = {"sklearn.cross_validation": "sklearn.model_selection",
                         "sklearn.grid_search": "sklearn.model_selection",
                         "sklearn.learning_curve": "sklearn.model_selection"}


def sklearn_name_exists(module, name, default=True):
    """Whether the installed scikit-learn has `module.name` (plot_confusion_matrix and other
    plot_* helpers were removed in 1.2); `default` when it cannot be told."""
    try:
        return hasattr(importlib.import_module(module), name)
    except Exception:  # not importable here: the script's own import will say so
        return default


TQDM_MODULES = {"tqdm", "tqdm.notebook", "tqdm.auto", "tqdm.autonotebook"}
TQDM_STAND_INS = {"tqdm": "lambda iterable=None, *args, **kwargs: iterable",
                  "trange": "lambda *args, **kwargs: range(*args)"}


def tqdm_fix(stmt):
    """Progress bars: `from tqdm.notebook import tqdm` needs Jupyter's widgets, so a script uses
    tqdm.auto (plain text bars); where tqdm is not installed at all, tqdm and trange become
    pass-throughs (a progress bar is no part of the work). None for other imports."""
    if stmt.module not in TQDM_MODULES:
        return None
    if importlib.util.find_spec("tqdm") is not None:
        if stmt.module in ("tqdm.notebook", "tqdm.autonotebook"):
            text = ast.unparse(ast.ImportFrom(module="tqdm.auto", names=stmt.names, level=0))
            return text, f"notebook progress bars need Jupyter widgets: `{text}`"
        return None
    if not all(alias.name in TQDM_STAND_INS for alias in stmt.names):
        return None
    text = "; ".join(f"{alias.asname or alias.name} = {TQDM_STAND_INS[alias.name]}" for alias in stmt.names)
    return text, "tqdm is not installed: its progress bars pass the iterable through (add tqdm to requirements/train.txt for bars)"


def import_fix(stmt):
    """(replacement text or None, why) for an import that fails with the libraries installed here
    although it ran in the notebook's older environment; None when the import is fine.

    `from sklearn.externals import joblib` -> `import joblib` (removed from scikit-learn in 0.23);
    `from sklearn.metrics import plot_confusion_matrix, confusion_matrix` -> the removed plotting
    names dropped (their calls are commented as plotting), the statement commented if none is left."""
    if not isinstance(stmt, ast.ImportFrom) or stmt.level:
        return None
    if tqdm_fix(stmt):
        return tqdm_fix(stmt)
    if not (stmt.module or "").startswith("sklearn"):
        return None
    moved = MOVED_SKLEARN_MODULES.get(stmt.module)
    if moved and all(sklearn_name_exists(moved, alias.name, default=False) for alias in stmt.names):
        text = ast.unparse(ast.ImportFrom(module=moved, names=stmt.names, level=0))
        return text, f"{stmt.module} was removed from scikit-learn: `{text}`"
    if stmt.module == "sklearn.externals.six" and [alias.name for alias in stmt.names] == ["StringIO"]:
        text = ast.unparse(ast.ImportFrom(module="io", names=stmt.names, level=0))
        return text, f"sklearn.externals.six was removed from scikit-learn: `{text}`"
    if stmt.module == "sklearn.externals" and all(alias.name == "joblib" for alias in stmt.names):
        text = ast.unparse(ast.Import(names=stmt.names))
        return text, f"sklearn.externals.joblib was removed from scikit-learn: `{text}`"
    if stmt.module.startswith("sklearn.externals.joblib"):
        text = ast.unparse(ast.ImportFrom(module="joblib" + stmt.module[len("sklearn.externals.joblib"):],
                                          names=stmt.names, level=0))
        return text, f"sklearn.externals.joblib was removed from scikit-learn: `{text}`"
    removed = [alias for alias in stmt.names if (alias.name.startswith("plot_") or alias.name.endswith("Display"))
               and not sklearn_name_exists(stmt.module, alias.name)]
    if not removed:
        return None
    why = f"scikit-learn plotting {', '.join(a.name for a in removed)} no longer exists (its calls are commented)"
    kept = [alias for alias in stmt.names if alias not in removed]
    return (ast.unparse(ast.ImportFrom(module=stmt.module, names=kept, level=0)) if kept else None), why


def plan_import_fix(stmt, names, plan):
    """Apply import_fix: plan the replacement (or the comment) and learn the names it binds; the
    removed scikit-learn plotting names stay known as plotting so their calls are commented."""
    fix = import_fix(stmt)
    if fix is None:
        return None
    text, why = fix
    replacement = ast.parse(text).body if text else []
    bound = set()
    for node in replacement:
        bound.update(target_names(node.targets) if isinstance(node, ast.Assign)
                     else (alias.asname or alias.name.split(".")[0] for alias in node.names))
    for alias in stmt.names:
        name = alias.asname or alias.name
        names.bind(name, None if name in bound else "scikit-learn plotting")
    if text is None:
        plan.commented.append((stmt, why))
        return True
    plan.replaced.append((stmt, text, why))
    return False


DATA_SUFFIXES = (".csv", ".data", ".tsv", ".txt", ".json", ".xls", ".xlsx", ".parquet", ".zip")


def plan_colab_upload(stmt, names, plan):
    """`uploaded = files.upload()` (Colab's upload dialog): the data files in the script's folder
    stand in for the uploaded ones, as {name: bytes}, so both `pd.read_csv('Iris.csv')` and
    `io.BytesIO(uploaded['Iris.csv'])` afterwards still work. True when planned."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return False
    call = stmt.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "upload"
            and isinstance(call.func.value, ast.Name) and names.libraries.get(call.func.value.id) == "Colab-only"):
        return False
    target = stmt.targets[0].id
    text = (f"{target} = {{_name: open(_name, 'rb').read() for _name in sorted(os.listdir('.')) "
            f"if os.path.isfile(_name) and _name.lower().endswith({DATA_SUFFIXES!r})}}")
    plan.replaced.append((stmt, text, "Colab upload: the data files next to the script stand in for the uploaded files"))
    names.rebind([target], False)
    return True


def plan_statement(stmt, names, plan):
    """Decide one statement: comment it (returns True), or keep it and plan inside its blocks."""
    if is_magic_sentinel(stmt):
        plan.commented.append((stmt, None))
        return True
    fixed = plan_import_fix(stmt, names, plan)
    if fixed is not None:
        return fixed
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        plan_decorators(stmt, names, plan)
        plan_function(stmt, names, plan)
        return False
    if isinstance(stmt, ast.ClassDef):
        plan_decorators(stmt, names, plan)
        names.rebind([stmt.name], False)
    elif plan_mixed_return(stmt, names, plan) or plan_colab_upload(stmt, names, plan):
        return False
    elif not hasattr(stmt, "body"):
        why = simple_statement_reason(stmt, names)
        if why:
            plan.commented.append((stmt, why))
        return why is not None
    else:
        why = header_reason(stmt, names) or ("loop reads keyboard input" if asks_for_input(stmt, names) else None)
        loop = unzipped_loop(stmt, names) if why else None
        if why and loop is None:
            plan.commented.append((stmt, why))
            return True
        names.rebind(block_targets(stmt), False)
        if loop is not None:
            plan.headers.append((stmt, *loop[:2]))
            names.rebind(loop[2], True)  # the dropped loop variables held the plot objects
    guarded = catches_failed_input(stmt)
    for block in child_blocks(stmt):
        names.input_guarded += guarded and block is stmt.body
        plan_block(block, names, plan)
        names.input_guarded -= guarded and block is stmt.body
    return False


def catches_failed_input(stmt):
    """A try whose handler catches what input() raises with no one to type (EOFError; Jupyter's
    StdinNotImplementedError is an Exception): the notebook already copes, so its input() stays."""
    handlers = getattr(stmt, "handlers", None) if isinstance(stmt, ast.Try) else None
    caught = {terminal_name(node) for handler in handlers or () for node in
              ([handler.type] if not isinstance(handler.type, ast.Tuple) else handler.type.elts) if node}
    return bool(handlers) and (any(h.type is None for h in handlers)
                               or bool(caught & {"EOFError", "Exception", "BaseException"}))


def plan_function(stmt, names, plan):
    """Plan a function's body; a function that only plots, or returns a plot, is a plotting helper
    afterwards, so its calls (`plot_dist(col)`, `fig = make_figure()`) are commented out too."""
    names.rebind([stmt.name], False)
    outer = (dict(names.results), dict(names.libraries))
    arguments = stmt.args.posonlyargs + stmt.args.args + stmt.args.kwonlyargs
    names.rebind([a.arg for a in arguments] + [a.arg for a in (stmt.args.vararg, stmt.args.kwarg) if a], False)
    already = len(plan.commented)
    plan.returns.append(set())
    plan_block(stmt.body, names, plan)
    positions = plan.returns.pop()
    names.results, names.libraries = outer  # the body's own names were local to it
    if positions:
        names.plot_returns[stmt.name] = positions
    commented = [node for node, _ in plan.commented[already:]]
    reads_keyboard = [why for _, why in plan.commented[already:]] and all(
        "keyboard input" in why for _, why in plan.commented[already:])
    body = [node for node in stmt.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    only_plots = bool(body) and all(any(node is c for c in commented) for node in body)
    returns_plot = any(isinstance(node, ast.Return) for node in commented)
    if only_plots or returns_plot:
        kind = "keyboard input function" if reads_keyboard else "plotting function"
        names.libraries[stmt.name] = f"{kind} {stmt.name}()"


def plan_block(block, names, plan):
    """Plan every statement of a nested block; remember it when nothing in it is left to run."""
    results = [plan_statement(stmt, names, plan) for stmt in block]
    if block and all(results):
        plan.emptied.append(block)


# --- plotting: editing the text ----------------------------------------------

def char_column(line, offset):
    """The character index of an `ast` column: ast counts UTF-8 bytes, so on a line with
    `'naïve'` or an emoji before the node, its byte offset would cut the wrong text."""
    return len(line.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))


def line_spans(stmt, lines):
    """{line index: (start col, end col)} covered by a statement, in characters."""
    spans = {}
    for index in range(stmt.lineno - 1, stmt.end_lineno):
        start = char_column(lines[index], stmt.col_offset) if index == stmt.lineno - 1 else 0
        end = char_column(lines[index], stmt.end_col_offset) if index == stmt.end_lineno - 1 else len(lines[index])
        spans[index] = (start, end)
    return spans


def leftover_code(line, spans):
    """What remains on a line once the commented statements' spans, `;` and any comment are removed."""
    kept = list(line)
    for start, end in spans:
        kept[start:end] = [" "] * (end - start)
    text = "".join(kept).split("#", 1)[0]
    return text.replace(";", "").strip()


def partial_statements(commented, lines):
    """Commented statements that share a line with code that stays (`x = 1; plt.show()`)."""
    per_line = {}
    for stmt in commented:
        for index, span in line_spans(stmt, lines).items():
            per_line.setdefault(index, []).append(span)
    return {
        id(stmt) for stmt in commented
        if any(leftover_code(lines[i], per_line[i]) for i in (stmt.lineno - 1, stmt.end_lineno - 1))
    }


def comment_lines(lines, stmt, original, done):
    """Comment out a statement's whole lines, keeping its text after `# `; `done` holds lines
    already commented (two statements on one line are commented once)."""
    first = lines[stmt.lineno - 1]
    indent = first[: len(first) - len(first.lstrip())]
    for index in range(stmt.lineno - 1, stmt.end_lineno):
        line = lines[index]
        if index in done or not line.strip():
            continue
        done.add(index)
        if original is not None:
            lines[index] = f"{indent}# {original.strip()}"
        elif line.startswith(indent):
            lines[index] = f"{indent}# {line[len(indent):]}"
        else:
            lines[index] = f"# {line}"


def replace_span(lines, stmt, original, replacement="pass"):
    """Replace a statement that shares its line with `pass` (or a fixed import), its text moved
    to a trailing comment."""
    text = original.strip() if original is not None else ast.get_source_segment("\n".join(lines), stmt)
    first, last = stmt.lineno - 1, stmt.end_lineno - 1
    head = lines[first][: char_column(lines[first], stmt.col_offset)]
    tail = lines[last][char_column(lines[last], stmt.end_col_offset):]
    lines[first: last + 1] = [f"{head}{replacement}{tail}  # {' '.join(text.split())}"]


def header_text(source, targets, iterables):
    """`col in cols` for one kept pair, `a, b in zip(x, y)` for several, original text kept."""
    names = ", ".join(t.id for t in targets)
    parts = [ast.get_source_segment(source, node) for node in iterables]
    return f"{names} in {parts[0] if len(parts) == 1 else 'zip(' + ', '.join(parts) + ')'}"


def rewrite_header(lines, source, loop, targets, iterables):
    """Replace a one-line loop header's `targets in zip(...)` by the version without the plot object."""
    index = loop.lineno - 1
    start, end = char_column(lines[index], loop.target.col_offset), char_column(lines[index], loop.iter.end_col_offset)
    lines[index] = lines[index][:start] + header_text(source, targets, iterables) + lines[index][end:]


def apply_plan(source, plan, magic_lines):
    """Edit the cell's text: whole-line comments first (line count unchanged), then bottom-up
    the in-line `pass` replacements and the `pass` lines for emptied blocks."""
    lines = source.split("\n")
    for loop, targets, iterables in plan.headers:
        rewrite_header(lines, source, loop, targets, iterables)
    statements = [stmt for stmt, _ in plan.commented]
    partial = partial_statements(statements, lines)
    magic_text = lambda stmt: magic_lines.get(stmt.lineno) if is_magic_sentinel(stmt) else None  # noqa: E731
    done = set()
    for stmt in statements:
        if id(stmt) not in partial:
            comment_lines(lines, stmt, magic_text(stmt), done)
    operations = [((s.lineno, s.col_offset), "inline", s) for s in statements if id(s) in partial]
    operations += [((s.lineno, s.col_offset), text, s) for s, text, _ in plan.replaced]
    for block in plan.emptied:
        if any(id(stmt) not in partial for stmt in block):
            operations.append(((block[-1].end_lineno + 0.5, 0), "pass", block))
    for _, kind, target in sorted(operations, key=lambda op: op[0], reverse=True):
        if kind == "pass":
            first = lines[target[0].lineno - 1]
            lines.insert(target[-1].end_lineno, first[: len(first) - len(first.lstrip())] + "pass")
        elif kind == "inline":
            replace_span(lines, target, magic_text(target))
        else:
            replace_span(lines, target, None, replacement=kind)
    return "\n".join(lines)


# --- hosted notebooks' data paths -----------------------------------------------

# Where hosted notebooks find their data: Colab's uploads and mounted Drive under /content/,
# Kaggle's datasets under /kaggle/input (`../input/` from a kernel's working folder, the old
# convention) and its output folder /kaggle/working. The script finds those files next to itself.
HOSTED_ROOTS = {"/content": "Colab", "/kaggle/input": "Kaggle", "/kaggle/working": "Kaggle", "../input": "Kaggle"}


def hosted_root(path):
    """The hosting service whose data folder `path` is under (`/content/x`, `/kaggle/input`), or None."""
    for root, host in HOSTED_ROOTS.items():
        if path == root or path.startswith(root + "/"):
            return host
    return None


def local_path(path):
    """Where a hosted path's file is for the script: next to it. `/content/drive/MyDrive/x/Iris.csv`,
    `/kaggle/input/iris/Iris.csv` and `../input/Iris.csv` -> `Iris.csv`; a folder
    (`/content/drive/MyDrive/data/`, `/kaggle/input`) -> `./` or `.`."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if "." in name.strip("."):
        return name
    return "./" if path.endswith("/") else "."


def hosted_paths(source, tree, skip, cell):
    """Rewrite string literals under a hosted notebook's data folders (HOSTED_ROOTS) to the
    script's folder, where the data files are put; lines in `skip` (statements that are
    commented or rewritten, whose text must stay as written) are left alone.
    Returns (source, notes), lines unchanged in number."""
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and hosted_root(node.value)
             and node.lineno == node.end_lineno and id(node) not in in_fstring and node.lineno not in skip]
    lines = source.split("\n")
    notes = []
    for node in sorted(found, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        line = lines[node.lineno - 1]
        start, end = char_column(line, node.col_offset), char_column(line, node.end_col_offset)
        lines[node.lineno - 1] = line[:start] + repr(local_path(node.value)) + line[end:]
        notes.append(Note(cell, node.lineno, f"{hosted_root(node.value)} path {node.value!r} read from the "
                                             f"script's folder: {local_path(node.value)!r}"))
    return "\n".join(lines), notes


# --- top-level await -------------------------------------------------------

AWAIT_RUNNER = "_convert_await_"
EVENT_LOOP = "_convert_loop_"
EVENT_LOOP_CELL = f"""\
# convert.py: Jupyter runs top-level `await` in its event loop; the script runs it in this one.
import asyncio as _convert_asyncio
{EVENT_LOOP} = _convert_asyncio.new_event_loop()
_convert_asyncio.set_event_loop({EVENT_LOOP})


async def {AWAIT_RUNNER}(thunk):
    return await thunk()"""


def top_level_awaits(tree, cell):
    """The `await` expressions a cell runs outside any function (Jupyter allows them; a script
    cannot). Top-level `async for` / `async with`, and an await inside another, are clear errors."""
    found = []

    def visit(node, inside_await):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # its awaits belong to it
            if isinstance(child, (ast.AsyncFor, ast.AsyncWith)) or getattr(child, "is_async", 0):
                raise ConvertError(f"cell {cell} line {child.lineno}: top-level `async for`/`async with` cannot run "
                                   "in a script; move it into an `async def main()` and `await main()` in the cell")
            if isinstance(child, ast.Await):
                if inside_await:
                    raise ConvertError(f"cell {cell} line {child.lineno}: an `await` inside another top-level `await`; "
                                       "assign the inner one to a name on its own line first")
                found.append(child)
            visit(child, inside_await or isinstance(child, ast.Await))

    visit(tree, False)
    return found


def run_top_level_awaits(source, cell):
    """`x = await fetch()` -> `x = _convert_loop_.run_until_complete(_convert_await_(lambda: fetch()))`.

    The awaited expression is evaluated inside the running loop (so `await asyncio.gather(...)`
    works), on one loop kept for the whole script (objects bound to it survive across cells);
    the loop itself is defined by EVENT_LOOP_CELL, added before the notebook's cells.
    Returns (source, notes); the line count is unchanged."""
    awaits = top_level_awaits(parse_cell(source, cell), cell)
    lines = source.split("\n")
    edits = []
    for node in awaits:
        line = lines[node.lineno - 1]
        start = char_column(line, node.col_offset)
        keyword_end = start + len("await")
        while keyword_end < len(line) and line[keyword_end] in " \t":
            keyword_end += 1
        edits.append((node.lineno - 1, start, keyword_end, f"{EVENT_LOOP}.run_until_complete({AWAIT_RUNNER}(lambda: "))
        end = char_column(lines[node.end_lineno - 1], node.end_col_offset)
        edits.append((node.end_lineno - 1, end, end, "))"))
    for index, start, end, text in sorted(edits, reverse=True):
        lines[index] = lines[index][:start] + text + lines[index][end:]
    notes = [Note(cell, node.lineno, "top-level await: run on the script's event loop") for node in awaits]
    return "\n".join(lines), notes


def needs_event_loop(source):
    """True when a rewritten cell runs a top-level await through the script's event loop."""
    return any(isinstance(node, ast.Name) and node.id == AWAIT_RUNNER for node in ast.walk(ast.parse(source)))


# --- cells and notebooks -----------------------------------------------------

def parse_cell(source, cell):
    """Parse a cell after magic handling; a cell that still is not Python is a clear error."""
    try:
        return ast.parse(source)
    except SyntaxError as error:
        line = (error.text or "").strip()
        raise ConvertError(f"cell {cell} is not valid Python (line {error.lineno}: {error.msg}): {line}"
                           f"{newer_syntax_hint(error)}") from None


def newer_syntax_hint(error):
    """What to do when a cell may use syntax of a newer Python than this one (an f-string that
    reuses its own quotes, `f"{d["k"]}"`, is valid from Python 3.12 on)."""
    if sys.version_info < (3, 12) and "f-string" in error.msg:
        return (f"; the notebook's kernel may be a newer Python (3.12 allows the same quotes inside an f-string) "
                f"than this {sys.version_info.major}.{sys.version_info.minor}: use the other quote inside the "
                f"braces, or run convert.py and the script with that newer Python")
    return ""


def rewrite_cell(source, cell, names):
    """One code cell: magics first, then plotting; returns (new source, report notes)."""
    source, notes, magic_lines = handle_magics(source, cell)
    source, await_notes = run_top_level_awaits(source, cell)
    notes += await_notes
    tree = parse_cell(source, cell)
    plan = Plan(lines=source.split("\n"))
    for stmt in tree.body:
        plan_statement(stmt, names, plan)
    edited = [stmt for stmt, _ in plan.commented] + [stmt for stmt, _, _ in plan.replaced]
    skip = {line for stmt in edited for line in range(stmt.lineno, stmt.end_lineno + 1)}
    skip |= {loop.lineno for loop, _, _ in plan.headers}
    source, path_notes = hosted_paths(source, tree, skip, cell)
    notes += path_notes
    rewritten = apply_plan(source, plan, magic_lines)
    try:
        compile(rewritten, f"<cell {cell}>", "exec")
    except SyntaxError as error:
        raise ConvertError(f"cell {cell}: the rewritten code does not compile ({error.msg}); please report this.") from None
    notes += [Note(cell, stmt.lineno, why) for stmt, why in plan.commented if why]
    notes += [Note(cell, stmt.lineno, "from __future__ import: moved to the top of the script")
              for stmt in tree.body if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"]
    notes += [Note(cell, stmt.lineno, why) for stmt, _, why in plan.replaced]
    notes += [Note(cell, loop.lineno, f"loop over a plot object: header rewritten as "
                   f"`for {header_text(source, targets, iterables)}:`") for loop, targets, iterables in plan.headers]
    return rewritten, sorted(notes, key=lambda note: note.line)


OUTPUT_HISTORY = "_convert_out_"
OUTPUT_HISTORY_CELL = f"""\
# convert.py: the notebook reads Jupyter's output history (_, __, Out[n], _n): each cell's shown
# value is kept here as Jupyter's displayhook keeps it.
Out = {{}}
_ = __ = ___ = ""


def {OUTPUT_HISTORY}(number, value):
    if value is not None:
        globals().update(___=globals()["__"], __=globals()["_"], _=value)
        Out[number] = globals()[f"_{{number}}"] = value
    return value"""


def is_history_name(name):
    """IPython's output history names: _, __, ___, Out, and _N for the N-th cell's value."""
    return name in ("_", "__", "___", "Out") or (name[:1] == "_" and name[1:].isdigit())


def reads_output_history(sources):
    """Whether any cell reads the output history (`df = _`, `stats = Out[4]`): only then does the
    script keep it, so `_` as a throwaway name in other notebooks is left alone."""
    return any(isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and is_history_name(node.id)
               for source in sources for node in ast.walk(ast.parse(source)))


def keep_shown_value(source, number):
    """The cell with its last statement, when it is an expression whose value Jupyter shows (no
    trailing `;`), passed through the history keeper: `df.describe()` -> `_convert_out_(3, df.describe())`."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        return source
    lines = source.split("\n")
    start, end = last.lineno - 1, last.end_lineno - 1
    first_col = char_column(lines[start], last.col_offset)
    end_col = char_column(lines[end], last.end_col_offset)
    rest = lines[end][end_col:] + "\n" + "\n".join(lines[end + 1:])
    if rest.lstrip().startswith(";"):
        return source
    if start == end:
        lines[start] = (f"{lines[start][:first_col]}{OUTPUT_HISTORY}({number}, {lines[start][first_col:end_col]})"
                        f"{lines[start][end_col:]}")
    else:
        lines[start] = f"{lines[start][:first_col]}{OUTPUT_HISTORY}({number}, {lines[start][first_col:]}"
        lines[end] = f"{lines[end][:end_col]}){lines[end][end_col:]}"
    return "\n".join(lines)


def keep_output_history(notebook, executed):
    """Jupyter's output history for a notebook that reads it: its N-th executed code cell's shown
    value becomes _, Out[N] and _N as in a fresh run (empty cells are not executed, so not counted).
    `df = _` otherwise stopped the script with NameError. `executed` lists the cells Jupyter runs."""
    if not reads_output_history(cell.source for cell in executed):
        return notebook, []
    for number, cell in enumerate(executed, start=1):
        cell.source = keep_shown_value(cell.source, number)
    first = notebook.cells.index(executed[0])
    notebook.cells.insert(first, nbformat.v4.new_code_cell(OUTPUT_HISTORY_CELL))
    return notebook, [Note(notebook.cells.index(executed[0]), 1, "reads Jupyter's output history (_, Out[n]): "
                                                                  "each cell's shown value is kept as Jupyter keeps it")]


def rewrite_notebook(notebook):
    """A copy of the notebook whose code cells are rewritten and raw cells made markdown (comments)."""
    notebook = nbformat.from_dict(notebook)
    names = PlotNames()
    report = []
    executed = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "raw":
            cell.cell_type = "markdown"
        elif cell.cell_type == "code":
            if cell.source.strip():
                executed.append(cell)
            cell.source, notes = rewrite_cell(cell.source, number, names)
            report += notes
    notebook, notes = keep_output_history(notebook, executed)
    report += notes
    first_await = next((i for i, cell in enumerate(notebook.cells)
                        if cell.cell_type == "code" and needs_event_loop(cell.source)), None)
    if first_await is not None:
        notebook.cells.insert(first_await, nbformat.v4.new_code_cell(EVENT_LOOP_CELL))
    return notebook, report


def with_missing_keys(data):
    """A notebook's JSON with the keys editors and scripts often leave out (a cell's metadata,
    a code cell's outputs and execution_count, the notebook's metadata) filled in empty, as
    Jupyter does when it opens such a file."""
    data.setdefault("metadata", {})
    for cell in data.get("cells", []) if isinstance(data.get("cells"), list) else []:
        if isinstance(cell, dict):
            cell.setdefault("metadata", {})
            if cell.get("cell_type") == "code":
                cell.setdefault("outputs", [])
                cell.setdefault("execution_count", None)
    return data


def read_notebook(path):
    """Read any nbformat-4 notebook (Jupyter or Colab); a bad file or another language is a clear error."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
        try:
            notebook = nbformat.reads(text, as_version=4)
        except Exception:  # nbformat raises several unrelated types for unreadable files
            notebook = nbformat.reads(json.dumps(with_missing_keys(json.loads(text))), as_version=4)
    except FileNotFoundError:
        raise ConvertError(f"{path}: no such notebook") from None
    except Exception as error:
        raise ConvertError(f"{path}: not a readable Jupyter notebook ({error})") from None
    metadata = notebook.metadata
    language = metadata.get("kernelspec", {}).get("language") or metadata.get("language_info", {}).get("name")
    if language and language.lower() != "python":
        raise ConvertError(f"{path}: a {language} notebook; only Python notebooks can be converted")
    return notebook


def export_script(notebook):
    """The notebook as Python text via nbconvert: markdown becomes comments, cells get `# In[ ]:`."""
    body, _ = PythonExporter().from_notebook_node(notebook)
    return body


HEADER = """\
# Generated by convert.py from {source}: plotting commented out, model export appended.
import os
os.environ.setdefault("MPLBACKEND", "Agg")  # headless safety net, before anything imports matplotlib
"""

EXPORT_CALL = """
# --- model export (appended by convert.py from export_model.py) ---
# The export code below shares this module's globals: builtins the notebook rebound (`list = [...]`,
# `dict = ...`, numpy's all/any/sum/min/max/round from `from pylab import *`) are set aside for it.
import builtins as _builtins
_SHADOWED_BUILTINS = {{_n: _builtins.globals().pop(_n) for _n in _builtins.list(_builtins.globals())
                      if not _n.startswith("__") and _builtins.hasattr(_builtins, _n)}}
_NOTEBOOK_NAMESPACE = dict(globals())
_NOTEBOOK_NAMESPACE.update(_SHADOWED_BUILTINS)
{module}
run_export(_NOTEBOOK_NAMESPACE, model_var={model_var!r}, model_dir={model_dir!r}, min_accuracy={min_accuracy!r}, source={source!r})
"""


def hoist_future_imports(script):
    """(script, features): a `from __future__ import ...` that Jupyter ran in any cell must be the
    first statement of a script; each is commented where it was (its text kept) and its features
    returned for add_header to import first."""
    lines = script.split("\n")
    features = []
    for stmt in ast.parse(script).body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            features += [alias.name for alias in stmt.names if alias.name not in features]
            comment_lines(lines, stmt, None, set())
    return "\n".join(lines), features


def add_header(script, source, features=()):
    """Put the backend safety net first, after the shebang/coding lines nbconvert writes, with the
    notebook's __future__ imports before it."""
    lines = script.split("\n")
    keep = 0
    while keep < len(lines) and keep < 2 and lines[keep].startswith("#"):
        keep += 1
    future = [f"from __future__ import {', '.join(features)}  # moved here from the notebook"] if features else []
    return "\n".join(lines[:keep] + future + [HEADER.format(source=source)] + lines[keep:])


def add_export(script, options):
    """Append export_model.py's source and the call that runs it on the notebook's globals."""
    module = EXPORT_MODULE.read_text(encoding="utf-8")
    return script.rstrip("\n") + "\n\n" + EXPORT_CALL.format(module=module, **options)


def check_script(script):
    """The script must compile and its code (comments aside) must never need IPython."""
    try:
        tree = ast.parse(script, "output_model.py")
        compile(tree, "output_model.py", "exec")
    except SyntaxError as error:
        raise ConvertError(f"the generated script does not compile (line {error.lineno}: {error.msg})") from None
    if any(isinstance(node, ast.Name) and node.id == "get_ipython" for node in ast.walk(tree)):
        raise ConvertError("internal: the script still calls get_ipython(); please report this notebook.")
    return script


def write_atomically(path, text):
    """Write to a temporary file beside `path`, then rename, so a reader never sees half a script."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False, encoding="utf-8")
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)


def convert(notebook_path, options):
    """The whole pipeline: returns (script text, report notes)."""
    notebook, report = rewrite_notebook(read_notebook(notebook_path))
    script, features = hoist_future_imports(export_script(notebook))
    script = add_header(script, options["source"], features)
    return check_script(add_export(script, options)), report


# --- command line ------------------------------------------------------------

def accuracy(text):
    """argparse type for --min-accuracy: a number in [0, 1]."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Convert a notebook into a headless script that exports its model.")
    parser.add_argument("notebook", type=pathlib.Path)
    parser.add_argument("-o", "--output", type=pathlib.Path, required=True, help="the script to write")
    parser.add_argument("--model-var", help="the notebook variable holding the model (default: found)")
    parser.add_argument("--model-dir", help="where the script writes the model (env MODEL_DIR wins; default ./build/model)")
    parser.add_argument("--min-accuracy", type=accuracy, default=0.9,
                        help="held-out accuracy the model must reach (env MIN_ACCURACY wins at run time)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    options = {
        "model_var": args.model_var,
        "model_dir": os.path.abspath(args.model_dir) if args.model_dir else None,
        "min_accuracy": args.min_accuracy,
        "source": args.notebook.name,
    }
    try:
        script, report = convert(args.notebook, options)
        write_atomically(args.output, script)
    except ConvertError as error:
        print(f"convert.py: error: {error}", file=sys.stderr)
        return 1
    for note in report:
        print(note)
    print(f"convert.py: wrote {args.output} ({len(report)} lines commented out or rewritten)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
