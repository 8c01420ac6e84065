"""Estimator libraries beyond scikit-learn that a model may need, and the versions it was trained with.

A notebook that imports xgboost, lightgbm, catboost or imbalanced-learn gets it installed, pinned,
into the training environment (conversion/packages.py, before the script runs); the exported model
records the ones its pickle imports in model.json's `packages`, and the service installs and checks
exactly those versions (build.sh serve-ml, ml_app's image, ml_app/model.py at start). Standard
library only: the export is bundled into the generated script.
"""
import importlib.metadata

#: {import name: distribution name on the package index}: the libraries the recorder wraps besides
#: scikit-learn, and the only packages beyond the serving stack a model may need.
ESTIMATOR_LIBRARIES = {"xgboost": "xgboost", "lightgbm": "lightgbm", "catboost": "catboost",
                       "imblearn": "imbalanced-learn"}


def as_distribution(module):
    """The distribution that provides a top-level module of an estimator library, or None."""
    return ESTIMATOR_LIBRARIES.get(module.split(".")[0])


def model_packages(imported):
    """{distribution: installed version} for the estimator libraries among the top-level packages a
    model's pickle imports (`checks.imported_packages`), for model.json's `packages`."""
    found = {}
    for module in sorted(imported):
        distribution = as_distribution(module)
        if distribution is not None:
            found[distribution] = importlib.metadata.version(distribution)
    return found
