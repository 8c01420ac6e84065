"""Estimator libraries the notebook imports and the training environment lacks, installed pinned.

A notebook written where xgboost was at hand imports it in its first cell; here that cell would
fail with ModuleNotFoundError. Before the script runs, `./build.sh build` calls this module: each
estimator library (model_export/packages.py: xgboost, lightgbm, catboost, imbalanced-learn) that a
code cell imports and this interpreter cannot import is installed from the package index at its
pin in requirements/on-demand/estimators.txt, with the environment's installed versions as constraints (it
may add what the library needs, never change numpy or scikit-learn). One that cannot be installed
stops the build, naming it and the cell. `--model model.json` installs what an exported model
records it needs (`packages`), at those versions: `./build.sh serve-ml` runs it before starting.

    python -m conversion.packages NOTEBOOK           # install what the notebook imports and lacks
    python -m conversion.packages --model MODEL_JSON  # install what the model needs
"""
import argparse
import importlib.metadata
import importlib.util
import json
import pathlib
import re
import subprocess
import sys
import tempfile

from model_export.packages import ESTIMATOR_LIBRARIES

ROOT = pathlib.Path(__file__).resolve().parents[1]
PINS = ROOT / "requirements" / "on-demand" / "estimators.txt"
#: `import xgboost as xgb`, `from imblearn.over_sampling import SMOTE`, also indented (inside a try:).
_IMPORT = re.compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import\b|import\s+([A-Za-z_][\w.,\s]*?)(?:\s+as\s+\w+)?\s*$)")


class PackageError(Exception):
    """A package the build needs and cannot install; the message says which, where and what to do."""


def read_pins(path=PINS):
    """{distribution: version} from a requirements file of `name==version` lines."""
    pins = {}
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def imported_libraries(notebook):
    """{import name: first code cell (numbered as convert.py numbers cells) importing it} for the
    estimator libraries a notebook's code cells import. Read line by line, not parsed: a cell with
    IPython syntax or a typo still says what it imports."""
    found = {}
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            match = _IMPORT.match(line)
            if not match:
                continue
            modules = [match.group(1)] if match.group(1) else [m.split()[0] for m in match.group(2).split(",") if m.strip()]
            for module in modules:
                top = module.split(".")[0]
                if top in ESTIMATOR_LIBRARIES:
                    found.setdefault(top, number)
    return found


def is_importable(module):
    """Whether this interpreter can import a top-level module (found, not executed)."""
    return importlib.util.find_spec(module) is not None


def install(requirements, python=sys.executable):
    """pip install `requirements` (["xgboost==3.2.0"]) into `python`'s environment, constrained by
    what is installed there; the last lines pip printed when it fails (PackageError)."""
    frozen = subprocess.run([python, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True,
                            check=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="constraints-", delete=False) as constraints:
        constraints.write("\n".join(line for line in frozen.splitlines() if "==" in line) + "\n")
    done = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "--only-binary=:all:", "-c", constraints.name, *requirements],
                          capture_output=True, text=True)
    pathlib.Path(constraints.name).unlink()
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip() and "is ignored" not in line]
        raise PackageError("\n".join(lines[-3:]) or f"pip exited with status {done.returncode}")


def install_for_notebook(notebook, pins=None, python=sys.executable, say=print):
    """Install the estimator libraries the notebook imports and this environment lacks; returns
    {distribution: version} installed. PackageError naming the library and its cell when it cannot."""
    pins = read_pins() if pins is None else pins
    installed = {}
    for module, cell in imported_libraries(notebook).items():
        if is_importable(module):
            continue
        distribution = ESTIMATOR_LIBRARIES[module]
        version = pins.get(distribution)
        if version is None:
            raise PackageError(f"cell {cell} imports {module}, which this environment lacks and "
                               f"requirements/on-demand/estimators.txt does not pin: add `{distribution}==VERSION` there.")
        say(f"packages: cell {cell} imports {module}; installing {distribution}=={version} into the training environment")
        try:
            install([f"{distribution}=={version}"], python)
        except PackageError as error:
            raise PackageError(f"cell {cell} imports {module}, which this environment lacks, and installing "
                               f"{distribution}=={version} failed:\n{error}\nInstall it into {sys.prefix} yourself, "
                               f"or train the model with scikit-learn alone.") from None
        installed[distribution] = version
    return installed


def install_for_model(meta, python=sys.executable, say=print):
    """Install the packages model.json says the model needs, at those versions, when this
    environment has another version or none; returns {distribution: version} installed."""
    wanted = {name: version for name, version in (meta.get("packages") or {}).items() if _version(name) != version}
    if wanted:
        say(f"packages: the model needs {', '.join(f'{n}=={v}' for n, v in wanted.items())}; installing")
        try:
            install([f"{name}=={version}" for name, version in wanted.items()], python)
        except PackageError as error:
            raise PackageError(f"the model needs {', '.join(f'{n}=={v}' for n, v in wanted.items())} and installing "
                               f"failed:\n{error}") from None
    return wanted


def _version(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", nargs="?", type=pathlib.Path)
    parser.add_argument("--model", type=pathlib.Path, help="a model.json: install the packages it records")
    args = parser.parse_args(argv)
    if (args.notebook is None) == (args.model is None):
        parser.error("give a notebook or --model MODEL_JSON")
    try:
        if args.model is not None:
            install_for_model(json.loads(args.model.read_text(encoding="utf-8")))
        else:
            from .notebooks import read_notebook  # nbformat: the training environment has it, serving needs none
            install_for_notebook(read_notebook(args.notebook))
    except PackageError as error:
        print(f"packages: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
