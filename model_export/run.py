"""The export's steps in order: choose, recover data, rebuild preprocessing, check, describe, gate, write.

export_model is the whole pipeline on a notebook's namespace; run_export is what the generated
script calls at its end (a one-line message and exit status 1 instead of a traceback).
"""
import os
import sys
import warnings

from contract import META_FILE, MODEL_FILE

from ._common import ExportError
from .artifact import model_dir_setting, write_artifact
from .checks import check_importable, check_one_label_per_row, min_accuracy_setting, quality_gate
from .choose import find_model
from .columns import default_output, positional_columns
from .data import find_training_data
from .feature_values import check_feature_values
from .leaderboard import observed_model, sole_entry
from .candidates import fitted_where, model_fit
from .describe import describe
from .failed_cells import check_failed_cells, failed_clause
from .metrics import held_out_metrics
from .readable import readable_namespace
from .transformers import check_raw_units, with_outside_transformer


DEFAULT_MIN_ACCURACY = 0.9


def export_model(namespace, model_var=None, model_dir=None, min_accuracy=DEFAULT_MIN_ACCURACY, source="",
                 recording=None):
    """Choose, describe, gate, verify and write the notebook's model; returns model.json's content.
    `recording` (model_export.recorder) is what the notebook was seen training as it ran: the model
    is then chosen among every classifier it fitted, with the preprocessing that made its rows.
    Without it (or when it saw no classifier fitted: a model loaded from a file) the notebook's
    globals are read for the model, its data and its scaler."""
    namespace = readable_namespace(namespace)
    model = notebook_model = None
    try:
        observed = observed_model(namespace, recording, model_var)
        if observed is None:
            name, model = find_model(namespace, model_var)
            name, model, namespace = with_outside_transformer(name, model, namespace)
            board = None
        else:
            name, model, namespace, board = observed
            check_raw_units(model, namespace)
        notebook_model, model = model, default_output(positional_columns(model))
        print(f"export: exporting `{name}` ({type(model).__name__})")
        packages = check_importable(model)
        check_one_label_per_row(model, namespace)
        metrics, has_held_out = held_out_metrics(model, namespace)
        meta = describe(model, namespace, metrics, source)
        if packages:
            meta["packages"] = packages
        check_feature_values(meta["feature_names"], find_training_data(namespace, model))
        meta["candidates"] = board if board is not None else sole_entry(name, meta["estimator"], metrics, has_held_out)
        quality_gate(metrics, has_held_out, min_accuracy_setting(min_accuracy))
        failed = check_failed_cells(recording, model_fit(recording, notebook_model)) if recording is not None else []
        if failed:
            meta["failed_cells"] = failed
        folder = model_dir_setting(model_dir)
        meta = write_artifact(model, meta, namespace, folder, notebook_model)
        print(f"export: wrote {os.path.join(folder, MODEL_FILE)} and {META_FILE} "
              f"(sha256 {meta['sha256'][:12]}, features {meta['feature_names']}, classes {meta['class_names']})")
        return meta
    except ExportError as error:
        where = fitted_where(recording, model if notebook_model is None else notebook_model)
        raise ExportError(f"{error}{where}{'' if 'the model depends on cell' in str(error) else failed_clause(recording)}") from None


def run_export(namespace, **options):
    """Script entry point: a clear one-line error and exit status 1 instead of a traceback.
    Looking through the notebook's globals touches deprecated attributes of whatever it
    star-imported (`from pylab import *` brings numpy.core): those warnings are not the user's."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return export_model(namespace, **options)
    except ExportError as error:
        print(f"export: error: {error}", file=sys.stderr)
        raise SystemExit(1) from None
