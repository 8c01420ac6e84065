"""Find the trained model in a notebook's namespace and export it as the model artifact.

convert.py appends this package to the converted notebook (bundle.py carries its sources, and
the contract's, into the script, so the script stays self-contained), followed by a call to
`run_export(namespace, ...)`. Everything here therefore reads only the namespace it is handed
(the notebook's globals, snapshotted before the export ran) and the standard library plus
scikit-learn, numpy and joblib, which the notebook already needs.

One module per concern, in the order run.export_model runs them:

    readable      the globals the export can read (not mocks, not objects that raise when asked)
    candidates    every classifier the recorder saw the notebook fit, behind the transformers
                  that made its rows (recorder: installed by the script's prologue; recording:
                  what it saw, each call an estimator_events.Event named by estimator_names;
                  fingerprints: what data went in and out; pandas_calls: its get_dummies and
                  file reads; column_slices: a scaler's output made a frame, columns taken)
    leaderboard   every candidate scored the same way, the best chosen, the choice explained
    globals_model without a recorded fit (a model loaded from a file): the model in the globals
    data          the notebook's training and held-out tables and labels
    transformers  a scaler (PCA, ...) fitted outside the model, exported with it
    transformed_columns  a target or feature a transformer made outside the model, in place: stops
    columns       models made to take and give plain arrays (columns by position)
    features      feature names and their order, each a field the service feeds
    origins       the named column (a frame's, a Bunch's, a data file's as read) each model column is,
                  found row by row (reads: the tables the notebook read, kept by the recorder)
    classes       class labels and the names the service answers with
    metrics       held-out or cross-validated accuracy
    describe      model.json's content (with the training rows' statistics)
    inputs        the service's input contract and encoding (read_ranges: numbers the files do not hold),
                  from what the notebook shows of its columns (evidence: frames, code tables, reads;
                  gap_fill: gaps filled outside the model, which the service fills the same way)
    checks        quality gate, prediction parity, importability by the service
    artifact      writing model.joblib + model.json atomically (files: one file, synced)
    feature_values columns whose names lie about their values
    bundle        (the converter's side) the package's sources as the script's prologue, and its appendix

The artifact format is docs/model-artifact.md.
"""

_EXPORTS = {"run_export": "run", "export_model": "run", "ExportError": "_common"}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    """The package's entry points, imported on first use: convert.py imports model_export.bundle
    to build the script and should not pay for scikit-learn, which the export needs."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
