"""The contract, read once from its two JSON files: artifact.json, the model artifact's
format (format 2: the input contract derived from the training data), and iris.json, the
curated description of the Iris data set (the four fields, how feature names map onto
them, the example flowers), laid over the derived contract when a model's inputs are Iris's.

The JSON files are the one definition; ml_app, the export, bench and the tests import
this module, web_app requires the JSON itself. Nothing here needs more than the
standard library, because the module is bundled into the generated training
script and copied into the ml_app image. A bundler that carries this file
without its folder defines ``IRIS_JSON`` and ``ARTIFACT_JSON`` (the files' text) in
the module's namespace before running it.
"""
import hashlib
import json
import pathlib
import re
from types import MappingProxyType

_FOLDER = pathlib.Path(__file__).parent if "__file__" in globals() else None
_PATH = None if _FOLDER is None else _FOLDER / "iris.json"


def _read(name, bundled):
    """A contract file's JSON: the text a bundler gave as global `bundled`, else the file beside this one."""
    return json.loads(globals().get(bundled) or (_FOLDER / name).read_text(encoding="utf-8"))


#: iris.json, as read (``$comment`` keys included).
DOCUMENT = _read("iris.json", "IRIS_JSON")
#: artifact.json, as read.
ARTIFACT = _read("artifact.json", "ARTIFACT_JSON")


def _entries(mapping: dict) -> dict:
    """A JSON object without its ``$comment`` keys."""
    return {k: v for k, v in mapping.items() if not k.startswith("$")}


# --- the fields ---------------------------------------------------------------

#: The API's request fields, in the canonical Iris order (the order of every row the service builds).
FIELDS = tuple(field["name"] for field in DOCUMENT["fields"])
#: Display label of each field, e.g. "Sepal length".
LABELS = MappingProxyType({field["name"]: field["label"] for field in DOCUMENT["fields"]})
#: The web form's limits of each field: {"min", "max", "step", "placeholder"}.
FORM = MappingProxyType({field["name"]: MappingProxyType(field["form"]) for field in DOCUMENT["fields"]})

#: What the API accepts for every field: MIN_CM < x <= MAX_CM, in UNIT.
UNIT = DOCUMENT["measurement"]["unit"]
UNIT_NAME = DOCUMENT["measurement"]["unit_name"]
MIN_CM = float(DOCUMENT["measurement"]["exclusive_minimum"])
MAX_CM = float(DOCUMENT["measurement"]["maximum"])

# --- example flowers ------------------------------------------------------------

#: {example id: {field: value}}, every field present.
EXAMPLES = MappingProxyType({name: MappingProxyType(example["values"])
                             for name, example in _entries(DOCUMENT["examples"]).items()})
#: {example id: the species it is a flower of, or None (the Iris mean)}.
EXAMPLE_SPECIES = MappingProxyType({name: example["species"]
                                    for name, example in _entries(DOCUMENT["examples"]).items()})


def _refuse(problems) -> None:
    """Refuse an inconsistent iris.json at import, naming what is wrong."""
    if problems:
        raise ValueError(f"{_PATH or 'iris.json'} is inconsistent: " + "; ".join(problems))


_refuse([f"example {name!r} has fields {sorted(values)}, expected {sorted(FIELDS)}"
         for name, values in EXAMPLES.items() if set(values) != set(FIELDS)])
_USES = DOCUMENT["uses"]
#: The web form's preset links, in order.
FORM_PRESETS = tuple(_USES["form_presets"])
#: The request example of the OpenAPI document.
API_EXAMPLE = EXAMPLES[_USES["api_example"]]
#: The rows ml_app tries a loaded model on, as lists in FIELDS order (the first is the smoke test).
MODEL_CHECK_ROWS = tuple(tuple(EXAMPLES[name][f] for f in FIELDS) for name in _USES["model_check"])

# --- matching feature names to fields --------------------------------------------

_KEY = DOCUMENT["feature_key"]
_NOT_KEPT = re.compile(f"[^{_KEY['keep']}]")


def field_key(name) -> str:
    """A feature name reduced for matching: lower case, letters only, a trailing 'cm'
    dropped, so `SepalLengthCm`, `sepal length (cm)` and `sepal_length` are one field."""
    letters = _NOT_KEPT.sub("", str(name).lower())
    suffix = _KEY["drop_suffix"]
    return letters[:-len(suffix)] if letters.endswith(suffix) else letters


#: {field_key(field): field}: the field a feature name feeds is FIELD_BY_KEY.get(field_key(name)).
FIELD_BY_KEY = MappingProxyType({field_key(f): f for f in FIELDS})
#: {field: its position in FIELDS}.
FIELD_INDEX = MappingProxyType({f: i for i, f in enumerate(FIELDS)})
#: Feature-name variants and the field each feeds (iris.json's worked examples of the rule).
FEATURE_KEY_EXAMPLES = MappingProxyType(_entries(_KEY["examples"]))


def field_of(name):
    """The field a model feature called `name` feeds, or None when it feeds none."""
    return FIELD_BY_KEY.get(field_key(name))


# --- the Iris data set, as laid over a derived contract ----------------------------------

_DATASET = DOCUMENT["dataset"]
#: The V2 model name of an Iris model, the predicted column's name, the species in display order.
IRIS_MODEL_NAME = _DATASET["model_name"]
IRIS_TARGET = _DATASET["target"]
IRIS_SPECIES = tuple(_DATASET["species"])
IRIS_DESCRIPTION = _DATASET["description"]
#: The gate's default floor for an Iris model (MIN_ACCURACY overrides it).
IRIS_MIN_ACCURACY = float(_DATASET["min_accuracy"])

# --- the model artifact (artifact.json) ----------------------------------------------------

_ARTIFACT = ARTIFACT
#: The format the export writes.
FORMAT_VERSION = _ARTIFACT["format_version"]
#: The artifact formats ml_app loads: 1 (read as the Iris contract) and 2 (its own input contract;
#: docs/model-artifact.md, "Format 2").
READABLE_FORMATS = tuple(_ARTIFACT["readable_formats"])
MODEL_FILE = _ARTIFACT["model_file"]
META_FILE = _ARTIFACT["meta_file"]
#: Keys a model.json must have for ml_app to serve it.
REQUIRED_KEYS = tuple(_ARTIFACT["required_keys"])
#: Every key a model.json may have (docs/model-artifact.md says what each holds).
ARTIFACT_KEYS = tuple(_ARTIFACT["keys"])
#: The keys format 2 added: the input contract derived from the training data.
FORMAT_2_KEYS = tuple(_ARTIFACT["format_2_keys"])
#: Those a format 2 model.json must have besides format 1's (classes and class_names only for a classifier).
FORMAT_2_REQUIRED_KEYS = tuple(_ARTIFACT["format_2_required_keys"])
#: model.json's `task`, an input's `kind`, a category's `unknown`, an encoding entry's `as`.
TASKS = tuple(_ARTIFACT["tasks"])
INPUT_KINDS = tuple(_ARTIFACT["input_kinds"])
UNKNOWN_CATEGORY = tuple(_ARTIFACT["unknown_category"])
ENCODING_KINDS = tuple(_ARTIFACT["encoding_kinds"])
#: The quantiles of a number input (and a regressor's target), as model.json's keys.
QUANTILES = tuple(_ARTIFACT["quantiles"])
#: What a model_name (the V2 route's name) must look like: URL-safe.
MODEL_NAME_PATTERN = _ARTIFACT["model_name_pattern"]
#: model_version is this many leading hex digits of the model file's sha256.
MODEL_VERSION_DIGITS = _ARTIFACT["model_version_digits"]


def sha256_of(path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks (model files can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_version(sha256: str) -> str:
    """The version the service reports for a model file with this sha256."""
    return sha256[:MODEL_VERSION_DIGITS]


_refuse((["two fields share a feature key"] if len(FIELD_BY_KEY) != len(FIELDS) else [])
        + [f"feature_key example {name!r} maps to {field_of(name)!r}, not {field!r}"
           for name, field in FEATURE_KEY_EXAMPLES.items() if field_of(name) != field]
        + [f"required key {key!r} is not among the artifact keys" for key in REQUIRED_KEYS if key not in ARTIFACT_KEYS]
        + [f"format 2 key {key!r} is not among the artifact keys" for key in FORMAT_2_KEYS if key not in ARTIFACT_KEYS]
        + [f"required format 2 key {key!r} is not a format 2 key" for key in FORMAT_2_REQUIRED_KEYS
           if key not in FORMAT_2_KEYS]
        + ([f"format_version {FORMAT_VERSION} is not among the readable formats {list(READABLE_FORMATS)}"]
           if FORMAT_VERSION not in READABLE_FORMATS else [])
        + ([f"the Iris species {list(IRIS_SPECIES)} are not the example flowers' species"]
           if set(IRIS_SPECIES) != {s for s in EXAMPLE_SPECIES.values() if s is not None} else []))
