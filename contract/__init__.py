"""The Iris contract, read once from iris.json: the four fields, how feature names
map onto them, the example flowers and the model artifact's format.

iris.json is the one definition; ml_app, the export, bench and the tests import
this module, web_app requires the JSON itself. Nothing here needs more than the
standard library, because the module is bundled into the generated training
script and copied into the ml_app image. A bundler that carries this file
without its folder defines ``IRIS_JSON`` (the text of iris.json) in the module's
namespace before running it.
"""
import hashlib
import json
import pathlib
import re
from types import MappingProxyType

_PATH = pathlib.Path(__file__).with_name("iris.json") if "__file__" in globals() else None
#: The whole document, as read (``$comment`` keys included).
DOCUMENT = json.loads(globals().get("IRIS_JSON") or _PATH.read_text(encoding="utf-8"))


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


# --- the model artifact ---------------------------------------------------------------

_ARTIFACT = DOCUMENT["artifact"]
FORMAT_VERSION = _ARTIFACT["format_version"]
#: The artifact formats ml_app loads: 1 (read as the Iris contract) and 2 (its own input contract;
#: docs/model-artifact.md, "Format 2").
READABLE_FORMATS = (1, 2)
MODEL_FILE = _ARTIFACT["model_file"]
META_FILE = _ARTIFACT["meta_file"]
#: Keys a model.json must have for ml_app to serve it.
REQUIRED_KEYS = tuple(_ARTIFACT["required_keys"])
#: Every key a model.json may have (docs/model-artifact.md says what each holds).
ARTIFACT_KEYS = tuple(_ARTIFACT["keys"])
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
        + [f"required key {key!r} is not among the artifact keys" for key in REQUIRED_KEYS if key not in ARTIFACT_KEYS])
