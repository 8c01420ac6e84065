"""contract/: iris.json and artifact.json read into Python, and the feature-name matching rule."""
import hashlib
import json
import pathlib

import pytest
from sklearn.datasets import load_iris

import contract

DOCUMENT = json.loads(pathlib.Path(contract.__file__).with_name("iris.json").read_text(encoding="utf-8"))
ARTIFACT = json.loads(pathlib.Path(contract.__file__).with_name("artifact.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["SepalLengthCm", "sepal length (cm)", "sepal_length", "Sepal.Length", " SEPAL-LENGTH "])
def test_feature_name_variants_share_one_key_and_feed_one_field(name):
    assert contract.field_key(name) == "sepallength"
    assert contract.field_of(name) == contract.FIELDS[0]


@pytest.mark.parametrize("name", ["stem_length", "Id", "sepal_ratio", "cm", ""])
def test_a_name_of_no_measurement_feeds_no_field(name):
    assert contract.field_of(name) is None


def test_scikit_learns_iris_columns_are_the_fields_in_their_order():
    """The canonical order is the data set's own, so rows of load_iris().data are rows in FIELDS order."""
    assert [contract.field_of(name) for name in load_iris().feature_names] == list(contract.FIELDS)


def test_the_module_exposes_the_document_as_written():
    assert contract.FIELDS == tuple(field["name"] for field in DOCUMENT["fields"])
    assert (contract.MIN_CM, contract.MAX_CM) == (DOCUMENT["measurement"]["exclusive_minimum"],
                                                  DOCUMENT["measurement"]["maximum"])
    assert contract.REQUIRED_KEYS == tuple(ARTIFACT["required_keys"])
    assert (contract.FORMAT_VERSION, contract.READABLE_FORMATS) == (ARTIFACT["format_version"],
                                                                    tuple(ARTIFACT["readable_formats"]))
    assert contract.ENCODING_KINDS == tuple(ARTIFACT["encoding_kinds"])
    assert contract.IRIS_MODEL_NAME == DOCUMENT["dataset"]["model_name"] == "iris"
    assert contract.MODEL_CHECK_ROWS[0] == tuple(DOCUMENT["examples"]["mean"]["values"][f] for f in contract.FIELDS)


def test_sha256_of_is_the_files_digest_across_read_chunks(tmp_path):
    data = bytes(range(256)) * 5000  # over one 1 MiB chunk
    (tmp_path / "blob").write_bytes(data)
    assert contract.sha256_of(tmp_path / "blob") == hashlib.sha256(data).hexdigest()


def _run_bundled(text, artifact=None):
    """The module run as a bundler runs it: without its folder, the files' text given as IRIS_JSON
    and ARTIFACT_JSON."""
    namespace = {"__name__": "contract", "IRIS_JSON": text, "ARTIFACT_JSON": artifact or json.dumps(ARTIFACT)}
    exec(compile(pathlib.Path(contract.__file__).read_text(encoding="utf-8"), "contract", "exec"), namespace)
    return namespace


def test_a_bundled_copy_reads_the_text_it_is_given():
    assert _run_bundled(json.dumps(DOCUMENT))["FIELDS"] == contract.FIELDS


def _broken(edit):
    document = json.loads(json.dumps({"iris": DOCUMENT, "artifact": ARTIFACT}))
    edit(document)
    return json.dumps(document["iris"]), json.dumps(document["artifact"])


@pytest.mark.parametrize("edit, problem", [
    (lambda d: d["iris"]["examples"]["setosa"]["values"].pop(contract.FIELDS[1]), "example 'setosa' has fields"),
    (lambda d: d["iris"]["feature_key"]["examples"].update(SepalLengthCm=contract.FIELDS[1]), "'SepalLengthCm' maps to"),
    (lambda d: d["artifact"]["required_keys"].append("weights"), "required key 'weights' is not among"),
    (lambda d: d["artifact"]["format_2_keys"].append("schema"), "format 2 key 'schema' is not among"),
    (lambda d: d["artifact"].update(readable_formats=[1]), "format_version 2 is not among the readable formats"),
    (lambda d: d["iris"]["dataset"].update(species=["setosa", "versicolor"]), "are not the example flowers' species"),
], ids=["example-lacks-a-field", "wrong-feature-key-example", "unknown-required-key", "unknown-format-2-key",
        "unreadable-format", "species-unlike-examples"])
def test_an_inconsistent_document_is_refused_naming_the_problem(edit, problem):
    with pytest.raises(ValueError, match=problem):
        _run_bundled(*_broken(edit))
