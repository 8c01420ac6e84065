"""Reading model.json and checking the model file against it, before anything is unpickled.

The artifact format is contract/artifact.json, explained in docs/model-artifact.md.
Nothing is unpickled unless model.json vouches for exactly these bytes (sha256),
this scikit-learn and these estimator packages, and its input contract reads:
a missing or tampered file stops start-up with one clear paragraph.
"""
import importlib.metadata
import json
import pathlib
from dataclasses import dataclass

from contract import FIELD_INDEX, FIELDS, FORMAT_2_REQUIRED_KEYS, FORMAT_VERSION, META_FILE, READABLE_FORMATS
from contract import REQUIRED_KEYS, field_of, sha256_of

from .inputs import Contract, ContractError, as_contract, iris_contract

#: Keys a format 2 model.json must have: format 1's, less the classes a regressor has not.
REQUIRED_2_KEYS = tuple(k for k in REQUIRED_KEYS if k not in ("classes", "class_names")) + FORMAT_2_REQUIRED_KEYS


class ModelError(Exception):
    """The artifact cannot be served; the message says which file and why."""


@dataclass(frozen=True)
class Artifact:
    """What model.json promises, checked without unpickling anything."""

    meta: dict
    model_path: pathlib.Path
    columns: tuple
    class_names: tuple
    contract: Contract


def check_artifact(model_dir, sklearn_version: str) -> Artifact:
    """Every check that comes before unpickling: nothing is unpickled unless
    model.json vouches for exactly these bytes and this scikit-learn."""
    model_dir = pathlib.Path(model_dir)
    json_path = model_dir / META_FILE
    meta = _read_meta(json_path)
    model_path = model_dir / meta["model_file"]
    _check_sha256(model_path, meta["sha256"])
    if meta["sklearn_version"] != sklearn_version:
        raise ModelError(
            f"{model_path} was trained with scikit-learn {meta['sklearn_version']} but this service runs "
            f"scikit-learn {sklearn_version}; a pickled model is only reliable with the version that "
            "made it. Rebuild the model (./build.sh build) or serve it with the matching version."
        )
    _check_packages(model_path, meta.get("packages") or {})
    spec = _contract(json_path, meta)
    class_names = () if spec.is_regression else _check_classes(json_path, meta)
    if not spec.is_regression:
        spec.target.setdefault("classes", list(class_names))
    return Artifact(meta, model_path, tuple(i for _, i, _ in spec.plan), class_names, spec)


def reads_as_iris(meta: dict) -> bool:
    """Whether model.json is read as the Iris contract: format 1, or the format the export writes
    (contract.FORMAT_VERSION) without any of the input contract's keys: they are not among
    contract.REQUIRED_KEYS, so an artifact holding only those is an Iris model, as format 1 was."""
    version = meta.get("format_version")
    return version == 1 or (version == FORMAT_VERSION and not any(key in meta for key in FORMAT_2_REQUIRED_KEYS))


def _contract(json_path: pathlib.Path, meta: dict) -> Contract:
    """The artifact's input contract: format 2's own, or format 1 read as the Iris contract."""
    names = meta["feature_names"]
    if not isinstance(names, list) or not names:
        raise ModelError(f"{json_path}: feature_names must be a non-empty list.")
    try:
        if reads_as_iris(meta):
            return iris_contract(names, meta["class_names"], _stats_ranges(meta))
        return as_contract(meta, names)
    except ContractError as exc:
        raise ModelError(f"{json_path}: {exc}.") from None


def _stats_ranges(meta: dict) -> dict:
    """{field: {"min", "max"}} from a format 1 artifact's training_stats (GET /model's inputs show them)."""
    stats = meta.get("training_stats")
    if not isinstance(stats, dict):
        return {}
    ranges = {}
    for name in meta["feature_names"]:
        entry, field = stats.get(name), FIELDS[FIELD_INDEX[field_of(name)]] if field_of(name) else None
        if field and isinstance(entry, dict) and type(entry.get("min")) in (int, float) \
                and type(entry.get("max")) in (int, float):
            ranges[field] = {"min": entry["min"], "max": entry["max"]}
    return ranges


def _check_packages(model_path: pathlib.Path, packages: dict) -> None:
    """Estimator libraries beyond scikit-learn (model.json's `packages`) must be installed at the
    version that trained the model, for the same reason as scikit-learn itself."""
    wrong = {name: _installed_version(name) for name, version in packages.items() if _installed_version(name) != version}
    if wrong:
        needs = ", ".join(f"{name} {packages[name]} (installed: {have or 'none'})" for name, have in wrong.items())
        raise ModelError(
            f"{model_path} needs {needs}. ./build.sh serve-ml installs what model.json's packages name, and "
            "ml_app's image installs them at build time; elsewhere: pip install "
            + " ".join(f"{name}=={packages[name]}" for name in wrong) + "."
        )


def _installed_version(distribution: str):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _read_meta(json_path: pathlib.Path) -> dict:
    """model.json as a dict with every key the service relies on."""
    if not json_path.is_file():
        raise ModelError(
            f"{json_path} not found: there is no model to serve. Build it with ./build.sh build, "
            "or point MODEL_DIR at a folder holding model.json and model.joblib."
        )
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{json_path} is not readable JSON ({exc}); rebuild the model with ./build.sh build.") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{json_path} must hold a JSON object; rebuild the model with ./build.sh build.")
    version = meta.get("format_version")
    if version in READABLE_FORMATS and type(version) is int and not reads_as_iris(meta):
        missing = [k for k in REQUIRED_2_KEYS if k not in meta]
        if meta.get("task") != "regression":
            missing += [k for k in ("classes", "class_names") if k not in meta]
        if missing:
            raise ModelError(f"{json_path} has format_version {version} but lacks {', '.join(missing)} "
                             "(see docs/model-artifact.md); rebuild the model.")
        return meta
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise ModelError(f"{json_path} lacks {', '.join(missing)} (see docs/model-artifact.md); rebuild the model.")
    if version not in READABLE_FORMATS or type(version) is not int:
        raise ModelError(
            f"{json_path} has format_version {version!r}; "
            f"this service reads formats {', '.join(map(str, READABLE_FORMATS))} only."
        )
    return meta


def _check_sha256(model_path: pathlib.Path, expected: str) -> None:
    """Refuse a model file whose bytes are not the ones model.json vouches for."""
    if not model_path.is_file():
        raise ModelError(f"{model_path} not found, although model.json names it; rebuild the model.")
    found = sha256_of(model_path)
    if found != str(expected).lower():
        raise ModelError(
            f"{model_path} does not match the sha256 recorded in model.json (expected {expected}, "
            f"found {found}): the file was changed or replaced after export. "
            "Refusing to unpickle it; rebuild the model with ./build.sh build."
        )


def _check_classes(json_path: pathlib.Path, meta: dict) -> tuple:
    """The display names, one per class, unique so that probabilities can be keyed by them."""
    names = meta["class_names"]
    if not isinstance(names, list) or len(names) != len(meta["classes"]) or len(names) < 2:
        raise ModelError(f"{json_path}: class_names must list one name per entry of classes (at least two).")
    names = tuple(str(n) for n in names)
    if len(set(names)) != len(names):
        raise ModelError(f"{json_path}: class_names must be unique, got {list(names)}.")
    return names
