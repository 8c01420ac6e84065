"""Import scikit-learn as the serving image has it: without pandas.

scikit-learn 1.9's `sklearn.utils.fixes` runs `import pandas` at import time
whenever pandas is installed, and keeps the module in a name nothing reads:
the code that works on DataFrames imports pandas itself when it gets one.
That import is about 0.25 s of a start-up budgeted at 2 s. The service hands
the model NumPy arrays only, and the serving image (requirements/serve.txt)
has no pandas at all, so here scikit-learn is imported as if pandas were
absent, as it is in production. pandas stays importable afterwards: a model
whose pickle holds pandas objects still loads (joblib imports pandas then).
"""
import sys


def import_sklearn():
    """`import sklearn`, skipping its eager pandas import when this is the first import
    of either; otherwise (sklearn or pandas already loaded) a plain import."""
    if "sklearn" in sys.modules or "pandas" in sys.modules:
        import sklearn

        return sklearn
    sys.modules["pandas"] = None  # the documented way to make `import pandas` raise ImportError
    try:
        import sklearn
        import sklearn.base  # noqa: F401  (the import that reaches sklearn.utils.fixes)
    finally:
        del sys.modules["pandas"]
    return sklearn
