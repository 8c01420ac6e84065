"""model_export/artifact.py: model.joblib + model.json written atomically, where MODEL_DIR says."""
import json
import os

import pytest
from sklearn.tree import DecisionTreeClassifier

from model_export.artifact import model_dir_setting
from export_support import export, iris_namespace, snapshot


def test_a_crash_while_writing_model_json_leaves_the_previous_pair(previous_model, monkeypatch):
    before = snapshot(previous_model)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dumps", disk_full)
    # another model than the previous one, so a model.joblib renamed into place before model.json is
    # written (half a replaced pair) would show in the snapshot
    with pytest.raises(OSError):
        export(iris_namespace(DecisionTreeClassifier(random_state=0)), previous_model)
    assert snapshot(previous_model) == before


def test_model_dir_env_wins_then_option_then_build_model_under_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert model_dir_setting(None) == str(tmp_path / "build" / "model")
    assert model_dir_setting("/opt/m") == "/opt/m"
    monkeypatch.setenv("MODEL_DIR", str(tmp_path / "env"))
    assert model_dir_setting("/opt/m") == str(tmp_path / "env")


def test_written_files_are_readable_by_other_users(tmp_path):
    export(iris_namespace(), tmp_path)
    assert {oct(os.stat(tmp_path / n).st_mode & 0o777) for n in ("model.joblib", "model.json")} == {"0o644"}
