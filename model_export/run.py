"""The export's steps in order: choose, recover data, rebuild preprocessing, check, describe (with the
service's contract: Iris's, or derived from the data), gate, write.

export_model is the whole pipeline on a notebook's namespace; run_export is what the generated
script calls at its end (a one-line message and exit status 1 instead of a traceback).
"""
import os
import sys
import warnings

import numpy

from contract import IRIS_MIN_ACCURACY, META_FILE, MODEL_FILE

from ._common import ExportError
from .artifact import model_dir_setting, write_artifact
from .candidates import fitted_where, model_fit
from .checks import check_importable, check_one_label_per_row, gate_setting, quality_gate
from .classes import warn_if_numbers
from .globals_model import find_model
from .columns import default_output, positional_columns
from .data import OBSERVED_TRAIN, find_held_out, find_training_data
from .describe import describe
from .failed_cells import check_failed_cells, failed_clause
from .feature_values import check_feature_values
from .features import is_iris_model
from .evidence import Evidence
from .interface import check_raw_parity, derived_contract, iris_contract, raw_truth
from .leaderboard import observed_model, sole_entry
from .metrics import held_out_metrics, training_rows_and_labels
from .readable import readable_namespace
from .recoding import tables_that_made
from .scoring import CLASSIFICATION, task_of
from .transformed_columns import check_feature_units, check_target_units
from .transformers import check_raw_units, with_outside_transformer


def export_model(namespace, model_var=None, model_dir=None, min_accuracy=None, source="", recording=None):
    """Choose, describe, gate, verify and write the notebook's model; returns model.json's content.
    `recording` (model_export.recorder) is what the notebook was seen training as it ran: the model
    is then chosen among every classifier or regressor it fitted for its main target, with the
    preprocessing that made its rows. Without it (or when it saw none fitted: a model loaded from a
    file) the notebook's globals are read for the model, its data and its scaler. `min_accuracy`:
    the gate's floor baked in at convert time (None: Iris's 0.9 for an Iris model, else none but
    the trivial baseline's; env MIN_ACCURACY / MIN_R2 win)."""
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
        iris = is_iris_model(model, namespace)
        task = task_of(model)
        if iris and task != CLASSIFICATION:
            raise ExportError(
                f"no fitted classifier: `{name}` ({type(model).__name__}) predicts a number from Iris measurements, "
                "but the service answers with an Iris class. Fit a classifier on the species labels.")
        if iris:
            check_raw_units(model, namespace)
        notebook_model, model = model, default_output(positional_columns(model))
        if recording is not None:
            fit = model_fit(recording, notebook_model)
            if task != CLASSIFICATION:
                check_target_units(recording, fit)
            check_feature_units(recording, fit)
        print(f"export: exporting `{name}` ({type(model).__name__})")
        packages = check_importable(model)
        if task == CLASSIFICATION:
            check_one_label_per_row(model, namespace)
        metrics, has_held_out = held_out_metrics(model, namespace)
        meta = describe(model, namespace, metrics, source, task, iris, recording)
        if packages:
            meta["packages"] = packages
        if iris:
            check_feature_values(meta["feature_names"], find_training_data(namespace, model))
        meta.update(service_contract(model, namespace, meta, task, iris, recording, source))
        meta["candidates"] = board if board is not None else sole_entry(name, meta["estimator"], metrics,
                                                                          has_held_out, task)
        floor, set_by_user = gate_setting(min_accuracy, task, IRIS_MIN_ACCURACY if iris else None)
        quality_gate(metrics, has_held_out, floor, task, against_baseline=not set_by_user)
        failed = check_failed_cells(recording, model_fit(recording, notebook_model)) if recording is not None else []
        if failed:
            meta["failed_cells"] = failed
        folder = model_dir_setting(model_dir)
        verify = raw_parity(notebook_model, namespace, meta, task, recording)
        meta = write_artifact(model, meta, namespace, folder, notebook_model, verify)
        shown = meta["class_names"] if task == CLASSIFICATION else f"a number ({meta['target']['name']})"
        print(f"export: wrote {os.path.join(folder, MODEL_FILE)} and {META_FILE} "
              f"(sha256 {meta['sha256'][:12]}, features {meta['feature_names']}, predicts {shown})")
        return meta
    except ExportError as error:
        where = fitted_where(recording, model if notebook_model is None else notebook_model)
        raise ExportError(f"{error}{where}{'' if 'the model depends on cell' in str(error) else failed_clause(recording)}") from None


def service_contract(model, namespace, meta, task, iris, recording, source):
    """model.json's format 2 keys: iris.json's contract for an Iris model, else derived from the data."""
    if iris:
        return iris_contract(meta["feature_names"], meta["classes"], meta["class_names"], meta.get("training_stats"))
    rows, labels = training_rows_and_labels(model, namespace)
    if rows is None or labels is None:
        raise ExportError(
            "the rows and labels the model was fitted on are not in the notebook's variables, so the service's "
            "fields, their ranges and the target cannot be told. Keep them in variables (X_train, y_train) and "
            "fit the model on them.")
    if not hasattr(rows, "iloc"):
        import pandas
        rows = pandas.DataFrame(numpy.asarray(rows), columns=meta["feature_names"])
    named = namespace.get(OBSERVED_TRAIN[1])
    if getattr(named, "name", None) is not None and len(named) == len(labels):
        labels = named
    elif getattr(labels, "name", None) is None:
        labels = _named_labels(namespace, labels)
    evidence = Evidence(namespace, recording)
    if not _name_classes_by_their_table(meta, evidence, labels) and not _drop_feature_table_names(meta, evidence):
        warn_if_numbers(meta["classes"], meta["class_names"])
    return derived_contract(model, rows, labels, meta["feature_names"], task, meta["classes"], meta["class_names"],
                            namespace, recording, source)


def _name_classes_by_their_table(meta, evidence, labels):
    """Coded classes named by the code table the recorder saw the notebook apply to the labels'
    own column (`deposit` coded by a LabelEncoder in a loop over every text column), or, for labels
    the notebook copied under another name, the one table whose numbers are the labels row for row:
    the data's words ('no', 'yes'), whatever names were guessed from the notebook's variables.
    True when named."""
    label = getattr(labels, "name", None)
    codes = [code for code in meta["classes"] if isinstance(code, (int, float)) and not isinstance(code, bool)]
    if not meta["classes"] or len(codes) != len(meta["classes"]):
        return False
    table = evidence.recorded_table(label, codes, f"the model's labels {label!r}") if isinstance(label, str) else None
    if table is None:
        made = tables_that_made(getattr(evidence.recording, "recoded", None) or [], labels)
        table = made[0] if len(made) == 1 and set(codes) <= set(made[0].values()) else None
    if table is None:
        return False
    names = {code: [value for value, coded in table.items() if coded == code] for code in codes}
    if any(len(values) != 1 for values in names.values()):
        return False  # several values share a code: no one name for it
    meta["class_names"] = [str(names[code][0]) for code in codes]
    print(f"export: the classes {codes} are {meta['class_names']}, as the notebook coded its labels")
    return True


def _drop_feature_table_names(meta, evidence):
    """Coded classes named through a code table the notebook applied to one of the model's features
    (`df['Gender'].map({'Male': 1, 'Female': 0})` beside 0/1 labels) are not the labels' names: keep
    the numbers, and say so, rather than answer "Male" for a purchase. True when dropped."""
    names = sorted(map(str, meta["class_names"]))
    for feature in meta["feature_names"]:
        table = evidence.tables.get(feature)
        if table and sorted(map(str, table)) == names:
            print(f"export: warning: the names {names} are the code table of the feature {feature!r}, not of the "
                  f"labels; the service answers with the classes {meta['classes']}. Keep the labels as text for names.")
            meta["class_names"] = [str(c) for c in meta["classes"]]
            return True
    return False


def _named_labels(namespace, labels):
    """The labels as a named Series when the notebook holds them so (y_train), else as they are."""
    for value in namespace.values():
        if getattr(value, "name", None) is not None and getattr(value, "ndim", 0) == 1 \
                and len(value) == len(labels) and numpy.array_equal(numpy.asarray(value, dtype=object),
                                                                    numpy.asarray(labels, dtype=object)):
            return value
    return labels


def raw_parity(notebook_model, namespace, meta, task, recording=None):
    """The check the artifact's writer runs on the saved model: fed the raw values of the notebook's
    held-out rows (else its training rows) through the encoding, it predicts as the notebook's model."""
    held_out = find_held_out(namespace, notebook_model)
    rows, which = (held_out[0], "held-out") if held_out is not None else (find_training_data(namespace, notebook_model), "training")
    if rows is None:
        return None
    if not hasattr(rows, "iloc"):
        import pandas
        rows = pandas.DataFrame(numpy.asarray(rows), columns=meta["feature_names"])
    truth = raw_truth(rows, meta["inputs"], Evidence(namespace, recording))
    return lambda saved: check_raw_parity(saved, notebook_model, rows, meta["encoding"], meta["inputs"], which, task,
                                          truth)


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
