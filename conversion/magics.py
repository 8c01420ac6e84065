"""IPython magics and shell lines: `%time`, `!pip install`, `%%writefile`, `cd data`, `x = !ls`.

The first cell pass, run before anything parses the cell: IPython-only lines are not Python,
so each becomes plain Python with the same effect (`%cd` -> _convert_cd_, a chdir that goes on past a missing folder as %cd does, `!cp` -> shutil) or, when
a build must not run it (installing packages, other shell commands), a sentinel call that the
plan comments out like any statement. The script thus never needs `get_ipython()`.
To support a new magic, teach `_line_magic` (or `_handle_cell_magic` for a `%%` cell magic).
"""
import io
import tokenize

from .syntax import MAGIC_SENTINEL

PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "python", "python3", "debug"}
AUTOMAGIC_WORDS = {"cd", "ls", "pwd", "pip", "conda", "mkdir", "rm", "cp", "mv", "cat", "clear",
                   "who", "whos", "history", "matplotlib", "load_ext", "timeit", "env", "ll"}
BARE_AUTOMAGIC = {"cd", "ls", "pwd", "clear", "who", "whos", "history", "ll", "lsmagic"}
TIMEIT_VALUE_OPTIONS = {"-n", "-r", "-p"}


def _inside_multiline(lines):
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


def _ends_with_help_mark(stripped):
    """`obj?` / `obj??`: the last real token is a `?` (a `?` in a comment or string does not count)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(stripped + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return False
    ignored = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER}
    real = [t for t in tokens if t.type not in ignored]
    return bool(real) and real[-1].string == "?"


def _compiles(stripped):
    """True when the line is a complete Python statement by itself."""
    try:
        compile(stripped, "<line>", "exec")
    except SyntaxError:
        return False
    return True


def _is_automagic(stripped):
    """`ls`, `cd data`, `pip install x`: magic names typed without `%` that are not valid Python.

    Like IPython, a name followed by an operator (`pwd = (...`, `history[0]`) is Python, not a magic.
    """
    word, _, rest = stripped.partition(" ")
    rest = rest.lstrip()
    if word not in AUTOMAGIC_WORDS | BARE_AUTOMAGIC:
        return False
    if rest[:1] in tuple("=([,&^|*/+%<>!:") or rest.startswith(("-=", "in ", "is ", "and ", "or ", "not ")):
        return False
    return stripped in BARE_AUTOMAGIC or not _compiles(stripped)


def _shell_assignment(stripped):
    """Split `x = !cmd` / `x = %magic` into (target, rhs), else None."""
    target, sep, rhs = stripped.partition("=")
    rhs = rhs.lstrip()
    if not sep or not rhs.startswith(("!", "%")):
        return None
    names = [n.strip() for n in target.split(",")]
    if not all(n.isidentifier() for n in names):
        return None
    return target.strip(), rhs


def _timeit_statement(args):
    """The statement of `%timeit -n 10 -r 3 stmt`, options removed."""
    words = args.split(" ")
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if option in TIMEIT_VALUE_OPTIONS and words:
            words.pop(0)
    return " ".join(words).strip()


def _run_path(args):
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


def _line_magic(stripped):
    """Plain-Python meaning of one `%magic args` line: ("code", text, why) or ("comment", why)."""
    name, _, args = stripped[1:].partition(" ")
    args = args.strip()
    if name == "time" and args:
        return "code", args, f"%time: runs `{args}` plainly"
    if name == "timeit" and _timeit_statement(args):
        statement = _timeit_statement(args)
        return "code", statement, f"%timeit: runs `{statement}` once"
    if name == "cd" and args.removeprefix("-q ").strip() and not any(c in args for c in "${"):
        path = args.removeprefix("-q ").strip()
        if len(path) > 1 and path[0] == path[-1] and path[0] in "'\"":
            path = path[1:-1]
        return "code", f"_convert_cd_({path!r})", f"%cd: into {path!r}; a missing folder prints the error and the script goes on, as IPython's %cd does"
    if name == "run" and _run_path(args):
        interactive, path = _run_path(args)
        extra = ", init_globals=globals()" if interactive else ""
        code = f"globals().update(__import__('runpy').run_path({path!r}, run_name='__main__'{extra}))"
        return "code", code, f"%run: runs {path} with runpy and keeps its names, as %run does"
    if name == "pylab":
        code = "import numpy as np; import matplotlib.pyplot as plt" if "--no-import-all" in args else "from pylab import *"
        return "code", code, f"%pylab: `{code}` (its plotting names are then commented like any plot)"
    if name in ("pip", "conda"):
        return "comment", f"package install `{name} {args}` (not run: pin packages in requirements/train.txt)"
    if name in ("env", "set_env") and _env_assignment(args):
        key, value = _env_assignment(args)
        return "code", f"os.environ[{key!r}] = {value!r}", f"%{name}: sets {key}"
    if name == "mkdir" and _make_dirs_code(args):
        return "code", _make_dirs_code(args), f"mkdir {args}: os.makedirs (later cells write into it)"
    if _copy_code(f"{name} {args}"):
        return "code", _copy_code(f"{name} {args}"), f"{name} {args}: shutil (later cells read the file)"
    return "comment", f"IPython magic %{name} (not run)"


def _env_assignment(args):
    """(name, value) of `%env NAME=value` or `%env NAME value` (both IPython forms), else None."""
    if "=" in args and " " not in args.split("=", 1)[0].strip():
        key, value = (part.strip() for part in args.split("=", 1))
    else:
        key, _, value = args.partition(" ")
        value = value.strip()
    return (key, value) if key.isidentifier() and value and "$" not in value else None


def _make_dirs_code(args):
    """`mkdir [-p] a b/c` as os.makedirs calls: notebooks make folders they then save into, and
    making a folder is safe; None when the arguments hold shell syntax (variables, globs, &&, quotes)."""
    words = [word for word in args.split() if word != "-p"]
    if not words or any(c in args for c in "$`{}*?[]&|;<>'\"\\") or any(w.startswith("-") for w in words):
        return None
    return "; ".join(f"os.makedirs({word!r}, exist_ok=True)" for word in words)


def _copy_code(command):
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


def _classify_line(stripped):
    """Decide what an IPython-only line becomes; None for ordinary Python."""
    if stripped.startswith("#"):
        return None
    assignment = _shell_assignment(stripped)
    if assignment:
        target, rhs = assignment
        command = rhs[1:].strip()
        if rhs.startswith("!") and not any(c in command for c in "${"):
            code = f"{target} = __import__('subprocess').getoutput({command!r}).splitlines()"
            return "code", code, f"shell output `{command}` captured with subprocess"
        name, _, expression = rhs[1:].partition(" ")
        if name == "time" and expression.strip() and _compiles(f"{target} = {expression.strip()}"):
            return "code", f"{target} = {expression.strip()}", f"%time: {target} gets the value of `{expression.strip()}`"
        return "code", f"{target} = None", f"IPython `{rhs}` not run; {target} set to None"
    if stripped.startswith("!"):
        command = stripped.lstrip("!").strip()
        words = command.split()
        if ("pip" in words or "conda" in words) and "install" in words:
            return "comment", f"package install `{command}` (not run: pin packages in requirements/train.txt)"
        if words[:1] == ["mkdir"] and _make_dirs_code(command[len("mkdir"):]):
            return "code", _make_dirs_code(command[len("mkdir"):]), f"shell `{command}`: os.makedirs (later cells write into it)"
        if _copy_code(command):
            return "code", _copy_code(command), f"shell `{command}`: shutil (later cells read the file)"
        return "comment", f"shell command `{command}` (not run)"
    if stripped.startswith("%%"):
        return "comment", f"cell magic {stripped.split()[0]} not at the top of its cell (not run)"
    if stripped.startswith("%"):
        return _line_magic(stripped)
    if stripped.startswith("?") or ("?" in stripped and _ends_with_help_mark(stripped)):
        return "comment", "IPython help request (not run)"
    if _is_automagic(stripped):
        return _line_magic("%" + stripped)
    return None


def _writefile_code(args, body):
    """`%%writefile [-a] path`: the plain-Python equivalent, so later imports of that file still work."""
    words = args.split()
    mode = "a" if "-a" in words or "--append" in words else "w"
    path = " ".join(w for w in words if w not in ("-a", "--append"))
    return f"with open({path!r}, {mode!r}) as _file:\n    _file.write({body!r})"


def _capture_target(args):
    """The variable of `%%capture [--no-stderr] [--no-stdout] [--no-display] cap`, else None."""
    words = [word for word in args.split() if not word.startswith("-")]
    return words[0] if words and words[0].isidentifier() else None


def _handle_cell_magic(lines, start):
    """A `%%magic` first line (after blank lines): Python-bodied magics run plainly, %%writefile
    writes its file, the others comment the cell out. Returns (lines, notes, body_is_python)."""
    name, _, args = lines[start].strip()[2:].partition(" ")
    head, body = lines[:start], lines[start + 1:]
    if name == "capture" and _capture_target(args):
        target = _capture_target(args)
        note = (start + 1, f"cell magic %%capture: the cell body runs plainly, its output "
                           f"not captured; {target} holds empty captured output")
        code = f"{target} = __import__('IPython.utils.capture', fromlist=['CapturedIO']).CapturedIO(None, None)"
        return head + [f"{code}  # {lines[start].strip()}"] + body, [note], True
    if name in PYTHON_CELL_MAGICS:
        note = (start + 1, f"cell magic %%{name}: the cell body runs plainly")
        return head + ["# " + lines[start]] + body, [note], True
    commented = ["# " + line if line.strip() else line for line in lines[start:]]
    if name == "writefile" and args.strip():
        note = (start + 1, f"cell magic %%writefile: writes {args.strip()} with open()")
        code = _writefile_code(args, "\n".join(body) + "\n")
        return head + commented + code.split("\n"), [note], False
    note = (start + 1, f"cell magic %%{name}: whole cell commented out (not Python)")
    return head + commented, [note], False


def handle_magics(source, cell):
    """Cell pass: replace IPython-only lines so the cell parses as Python.

    Lines to comment out become a sentinel call `_convert_magic_(i)` that the plan
    comments out like any statement (so an emptied block gets `pass`); lines with a
    plain-Python meaning are replaced in place. `cell.magic_lines` keeps each sentinel's
    original line, {line number: text}, for apply_plan to comment with its own text.
    """
    lines = source.split("\n")
    notes = []
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    while start < len(lines) and lines[start].startswith("%%"):  # `%%time` then `%%capture`: both apply
        lines, cell_notes, is_python = _handle_cell_magic(lines, start)
        notes += cell_notes
        if not is_python:
            return "\n".join(lines), notes
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
            decision = _classify_line(stripped)
            if decision and _inside_multiline(out):  # tokenizing is the costly check: only for candidates
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
            notes.append((number, decision[2]))
        else:
            commented[number] = line
            out.append(f"{indent}{MAGIC_SENTINEL}({number})")
            notes.append((number, decision[1]))
    cell.magic_lines = commented
    return "\n".join(out), notes
