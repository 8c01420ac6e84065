"""Writing the artifact atomically: a failed or interrupted build leaves the last good model in place.

Both files go to temporary names in the target folder, are fsync'ed and verified, and only then
renamed, `model.joblib` first and `model.json` last (files.py says how one file is written;
the file names, format version and sha256 are the contract's: contract/artifact.json).
"""
import datetime
import json
import os

import joblib

from contract import META_FILE, MODEL_FILE, sha256_of

from .checks import check_parity
from .files import fsync_dir, temporary_files, write_synced


def model_dir_setting(default):
    """Where to write: env MODEL_DIR, else the convert-time --model-dir, else ./build/model."""
    return os.path.abspath(os.environ.get("MODEL_DIR") or default or os.path.join("build", "model"))


def write_artifact(model, meta, namespace, folder, notebook_model=None, verify=None):
    """Dump, verify (check_parity, and `verify(saved model)`), checksum, then rename model.joblib and
    model.json (last) into place."""
    with temporary_files(folder) as temporary:
        model_tmp = temporary(MODEL_FILE)
        write_synced(model_tmp, lambda h: joblib.dump(model, h))
        check_parity(model, model_tmp, namespace, notebook_model, verify)
        meta = {**meta, "sha256": sha256_of(model_tmp),
                "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
        text = json.dumps(meta, indent=2, allow_nan=False) + "\n"
        json_tmp = temporary(META_FILE)
        write_synced(json_tmp, lambda h: h.write(text.encode("utf-8")))
        os.replace(model_tmp, os.path.join(folder, MODEL_FILE))
        os.replace(json_tmp, os.path.join(folder, META_FILE))
        fsync_dir(folder)
    return meta
