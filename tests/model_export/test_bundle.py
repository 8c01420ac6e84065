"""model_export/bundle.py: the generated script carries the export and runs without this repository;
its training recorder is installed before the notebook's own code runs."""
import ast
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from conversion.pipeline import convert  # noqa: E402
from conversion.script import add_export  # noqa: E402
from model_export._common import APPENDIX_MARKER, is_notebook_name, notebook_source  # noqa: E402
from model_export.bundle import CONVERTER_ONLY, appendix, bundled_sources, prologue  # noqa: E402

OPTIONS = {"model_var": None, "model_dir": None, "min_accuracy": 0.9, "source": "nb.ipynb"}
NOTEBOOKS = sorted((ROOT / "tests" / "notebooks").glob("*.ipynb")) + [ROOT / "notebook" / "iris.ipynb"]


def test_a_generated_script_exports_its_model_with_the_repository_off_sys_path(tmp_path):
    script, _ = convert(ROOT / "notebook" / "iris.ipynb", {**OPTIONS, "source": "iris.ipynb"})
    (tmp_path / "output_model.py").write_text(script)
    env = {key: value for key, value in os.environ.items() if key not in ("MIN_ACCURACY", "PYTHONPATH")}
    env.update(MPLBACKEND="Agg", MODEL_DIR=str(tmp_path / "model"))
    # -I: neither the script's folder nor PYTHONPATH nor user site-packages on sys.path; cwd is not the repository
    isolated = [sys.executable, "-I"]
    probe = subprocess.run([*isolated, "-c", "import model_export"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "ModuleNotFoundError" in probe.stderr  # the package is importable only from the script itself
    run = subprocess.run([*isolated, "output_model.py"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert (meta["estimator"], meta["class_names"]) == ("LogisticRegression", ["setosa", "versicolor", "virginica"])
    assert [row["name"] for row in meta["candidates"]] == ["model"]  # the bundled recorder saw the notebook fit it
    assert "evidence: model.fit in cell" in run.stdout


def test_the_recorder_is_installed_before_the_notebooks_first_line():
    script, _ = convert(ROOT / "notebook" / "iris.ipynb", OPTIONS)
    lines = script.splitlines()
    installed = next(i for i, line in enumerate(lines) if line.startswith("_recorder.install(cells="))
    first_cell = next(i for i, line in enumerate(lines) if line.startswith("# In["))
    assert installed < first_cell
    assert lines.index(APPENDIX_MARKER) + 1 == lines.index(
        "_RECORDING = _recorder.stop()  # what follows is the export's work, not the notebook's")


def test_the_prologue_carries_every_module_of_the_package_but_the_bundler_and_the_contract_with_its_json():
    package = ROOT / "model_export"
    modules = {f"model_export.{p.stem}" for p in package.glob("*.py") if p.name != "__init__.py"}
    sources = bundled_sources()
    assert list(sources)[0] == "model_export" and sources["model_export"][0] is True
    assert set(sources) == {"model_export", "contract"} | modules - {f"model_export.{name[:-3]}" for name in CONVERTER_ONLY}
    assert sources["model_export.run"] == (False, (package / "run.py").read_text(), {})
    contract = ROOT / "contract"
    assert sources["contract"] == (True, (contract / "__init__.py").read_text(),
                                   {"IRIS_JSON": (contract / "iris.json").read_text(),
                                    "ARTIFACT_JSON": (contract / "artifact.json").read_text()})


def test_convert_appends_the_export_after_the_marker_that_ends_the_notebooks_code():
    options = {"model_var": None, "model_dir": None, "min_accuracy": None, "source": "nb.ipynb"}
    script = add_export("x = 1\n", options)
    lines = script.splitlines()
    assert "\n".join(lines[:lines.index(APPENDIX_MARKER)]).strip() == "x = 1"
    assert "_NOTEBOOK_NAMESPACE = dict(globals())" in lines[lines.index(APPENDIX_MARKER):]


def test_the_appendix_ends_with_the_call_exporting_with_the_convert_time_options_and_the_recording():
    options = {"model_var": "clf", "model_dir": "/models", "min_accuracy": 0.95, "source": "nb.ipynb"}
    script = add_export("x = 1\n", options)
    call = ast.parse(script).body[-1].value
    assert (call.func.id, {keyword.arg: ast.unparse(keyword.value) for keyword in call.keywords}) == ("_run_export", {
        "model_var": "'clf'", "model_dir": "'/models'", "min_accuracy": "0.95", "source": "'nb.ipynb'",
        "recording": "_RECORDING"})
    compile(script, "output_model.py", "exec")


def bound_names(tree):
    """Names a module binds at its top level (assignments, imports, for-loop targets, defs)."""
    names = set()
    # a cell guarded as Jupyter runs it (conversion/jupyter_cells.py): its body is top-level code
    body = [stmt for node in tree.body for stmt in (node.body if isinstance(node, ast.Try) else [node])]
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                names.add(inner.id)
            elif isinstance(inner, ast.alias) and inner.name != "*":
                names.add((inner.asname or inner.name).split(".")[0])
    return names


@pytest.mark.parametrize("part", ["prologue", "appendix"])
def test_every_name_the_prologue_and_the_appendix_bind_is_kept_out_of_the_model_search(part):
    tree = ast.parse(prologue() if part == "prologue" else appendix(OPTIONS))
    top_level = {name for name in bound_names(tree) if not name.startswith("__")}
    assert top_level and not any(is_notebook_name(name) for name in top_level)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_the_converter_adds_to_a_notebook_is_kept_out_of_the_model_search(path):
    script, _ = convert(path, OPTIONS)
    notebook_part = notebook_source(script)
    written = set(re.findall(r"[A-Za-z_]\w*", path.read_text()))  # every word of the notebook's own cells
    added = bound_names(ast.parse(notebook_part)) - written
    jupyters_own = {"Out", "os"}  # Jupyter's output history, and the header's backend safety net
    assert {name for name in added if is_notebook_name(name)} <= jupyters_own


def test_the_converters_run_time_helpers_are_kept_out_of_the_model_search():
    from conversion import awaits, runtime_helpers
    helpers = [*runtime_helpers.HELPERS, awaits.AWAIT_RUNNER, awaits.EVENT_LOOP]
    assert helpers and not any(is_notebook_name(name) for name in helpers)
