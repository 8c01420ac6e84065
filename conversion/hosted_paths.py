"""Hosted notebooks' data paths: Colab's /content/ and Kaggle's /kaggle/input, ../input.

A notebook written on Colab or Kaggle reads its data from where that service puts it; the
script finds the same files next to itself (the build runs it from the notebook's folder), so
string literals under those folders name the script's folder: '/content/drive/MyDrive/data/
Iris.csv' -> 'Iris.csv', a folder -> '.'. Colab's upload dialog (`uploaded = files.upload()`)
becomes the data files next to the script as {name: bytes}.
"""
import ast

from .syntax import char_column

# Where hosted notebooks find their data: Colab's uploads and mounted Drive under /content/,
# Kaggle's datasets under /kaggle/input (`../input/` from a kernel's working folder, the old
# convention) and its output folder /kaggle/working. The script finds those files next to itself.
HOSTED_ROOTS = {"/content": "Colab", "/kaggle/input": "Kaggle", "/kaggle/working": "Kaggle", "../input": "Kaggle"}


def _hosted_root(path):
    """The hosting service whose data folder `path` is under (`/content/x`, `/kaggle/input`), or None."""
    for root, host in HOSTED_ROOTS.items():
        if path == root or path.startswith(root + "/"):
            return host
    return None


def _local_path(path):
    """Where a hosted path's file is for the script: next to it. `/content/drive/MyDrive/x/Iris.csv`,
    `/kaggle/input/iris/Iris.csv` and `../input/Iris.csv` -> `Iris.csv`; a folder
    (`/content/drive/MyDrive/data/`, `/kaggle/input`) -> `./` or `.`."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if "." in name.strip("."):
        return name
    return "./" if path.endswith("/") else "."


def rewrite_hosted_paths(source, tree, plan):
    """After plan_cell (statements.edit_statements): rewrite string literals under a hosted notebook's data folders
    (HOSTED_ROOTS) to the script's folder, where the data files are put. Lines of statements the
    plan comments or rewrites are left alone (their text must stay as written), and the lines
    keep their number, so that apply_plan's positions still hold. Returns (source, notes)."""
    skip = plan.edited_lines()
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and _hosted_root(node.value)
             and node.lineno == node.end_lineno and id(node) not in in_fstring and node.lineno not in skip]
    lines = source.split("\n")
    notes = []
    for node in sorted(found, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        line = lines[node.lineno - 1]
        start, end = char_column(line, node.col_offset), char_column(line, node.end_col_offset)
        lines[node.lineno - 1] = line[:start] + repr(_local_path(node.value)) + line[end:]
        notes.append((node.lineno, f"{_hosted_root(node.value)} path {node.value!r} read from the "
                                   f"script's folder: {_local_path(node.value)!r}"))
    return "\n".join(lines), notes


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
