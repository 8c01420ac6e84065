"""model_export/checks.py: the quality gate, prediction parity and what the service can import."""
import importlib.metadata
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from model_export.checks import SERVED_LIBRARIES, SERVED_PACKAGES, STANDARD_MODULES  # noqa: E402


def pinned(requirements):
    """Distribution names pinned in a requirements file, normalised (PEP 503)."""
    names = re.findall(r"^([A-Za-z0-9._-]+)==", requirements.read_text(), flags=re.MULTILINE)
    return {re.sub(r"[-_.]+", "-", name).lower() for name in names}


def test_the_libraries_a_model_may_import_are_scikit_learn_and_its_requirements_pinned_in_serve_txt():
    requirement = re.compile(r"^[A-Za-z0-9._-]+")
    needed = {"scikit-learn"} | {requirement.match(r).group(0).lower() for r in importlib.metadata.requires("scikit-learn")
                                 if "extra ==" not in r}
    served = needed & pinned(ROOT / "requirements" / "serve.txt")
    modules = {module for module, dists in importlib.metadata.packages_distributions().items()
               if {d.lower() for d in dists} & served and not module.startswith("_")}
    assert SERVED_LIBRARIES == modules


def test_the_other_modules_a_model_may_import_are_the_standard_library():
    assert STANDARD_MODULES <= set(sys.stdlib_module_names)
    assert SERVED_PACKAGES == SERVED_LIBRARIES | STANDARD_MODULES
