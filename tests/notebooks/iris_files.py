"""Iris data in the file formats real notebooks read, written from scikit-learn's bundled copy.

Tests call these into tmp_path so no data file is committed.
"""
import csv

from sklearn.datasets import load_iris

UCI_NAMES = {"setosa": "Iris-setosa", "versicolor": "Iris-versicolor", "virginica": "Iris-virginica"}


def rows():
    """(four measurements, 'Iris-<species>') for the 150 flowers, in the UCI order."""
    iris = load_iris()
    for measurements, target in zip(iris.data, iris.target):
        yield [float(v) for v in measurements], UCI_NAMES[iris.target_names[target]]


def write_kaggle_csv(folder):
    """Kaggle's Iris.csv: Id, SepalLengthCm, ..., Species."""
    path = folder / "Iris.csv"
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Id", "SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm", "Species"])
        for number, (values, species) in enumerate(rows(), start=1):
            out.writerow([number, *values, species])
    return path


def write_uci_data(folder):
    """UCI's iris.data: no header row, a trailing blank line."""
    path = folder / "iris.data"
    lines = [",".join([*(f"{v:.1f}" for v in values), species]) for values, species in rows()]
    path.write_text("\n".join(lines) + "\n\n")
    return path


def write_seaborn_csv(folder):
    """iris.csv as seaborn and R ship it: sepal_length, ..., species ('setosa')."""
    return _write_snake_case(folder / "iris.csv", lambda species: species.removeprefix("Iris-"))


def write_upper_csv(folder):
    """IRIS.csv of Kaggle's 'Iris Flower Dataset': snake_case columns, species 'Iris-setosa'."""
    return _write_snake_case(folder / "IRIS.csv", lambda species: species)


def _write_snake_case(path, species_name):
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"])
        for values, species in rows():
            out.writerow([*values, species_name(species)])
    return path


#: Each data file a notebook may read, by its file name, and the function that writes it into a folder.
WRITERS = {"Iris.csv": write_kaggle_csv, "iris.data": write_uci_data, "iris.csv": write_seaborn_csv,
           "IRIS.csv": write_upper_csv}
