"""Which of a notebook's globals the export may read: objects that answer questions honestly.

Everything the export does with a notebook's namespace is asking its values questions: does it
have a `predict`, a `shape`, `columns`, `classes_`? Most objects answer (or say AttributeError,
which `getattr(value, name, None)` turns into "no"). Two kinds do not, and would crash the export
with a traceback the author never caused: proxies whose every attribute exists (mocks, lazy
wrappers, some widgets' `__getattr__`) that pass for a model, a table and a Bunch at once, and
objects whose attribute access raises something else (a lazy loader's RuntimeError). Those are
left out of the namespace the export sees, and the build says which.
"""

PROBES = ("predict", "fit", "transform", "get_params", "classes_", "best_estimator_", "n_features_in_", "steps",
          "shape", "ndim", "dtype", "columns", "select_dtypes", "values", "iloc", "cat", "categories",
          "data", "feature_names", "target_names", "__dict__")
IMPOSSIBLE = "_model_export_no_object_has_this_attribute"


def answers_honestly(value):
    """False for an object that claims any attribute, or raises other than AttributeError when asked."""
    try:
        if getattr(value, IMPOSSIBLE, None) is not None:
            return False
        for attribute in PROBES:
            getattr(value, attribute, None)
    except Exception:  # whatever a property or __getattr__ raises: the object cannot be read
        return False
    return True


def readable_namespace(namespace):
    """The namespace without the objects the export cannot read; the build names them."""
    kept = {name: value for name, value in namespace.items() if answers_honestly(value)}
    left = [name for name in namespace if name not in kept and not name.startswith("_")]
    if left:
        print(f"export: not read: {', '.join(left)} (objects that claim every attribute or fail when asked "
              "for one; neither a model nor data the export can read)")
    return kept
