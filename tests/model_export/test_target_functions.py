"""model_export/target_functions.py: a regressor's target computed by a usual function (np.log1p, np.sqrt)
of a file's number column, outside the model and with no name left (a numpy array), stops the build
naming the column, the function and TransformedTargetRegressor; the column itself, or a target the file
does not hold in any form, serves. Real scripts run with the recorder (tests/model_export/recorded.py)."""
import textwrap

import numpy
import pandas
import pytest
from recorded import run_recorded

from model_export._common import ExportError
from model_export.reads import Read
from model_export.target_functions import check_target_function

SCRIPT = """
import numpy as np, pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split
load_diabetes(as_frame=True, scaled=False).frame.to_csv('diabetes.csv', index=False)
df = pd.read_csv('diabetes.csv')
{fit}
from model_export import ExportError, export_model
try:
    meta = export_model(dict(globals()), recording=recorder.stop(), model_dir="model")
    out = {{"target": meta["target"]}}
except ExportError as error:
    out = {{"stopped": str(error)}}
print("SUMMARY " + json.dumps(out))
"""


def exported(tmp_path, fit):
    return run_recorded(tmp_path, SCRIPT.format(fit=textwrap.dedent(fit)))


def test_a_log1p_target_as_a_numpy_array_stops_naming_the_column_and_the_inverse(tmp_path):
    out = exported(tmp_path, """
        y = np.log1p(df.target.values)
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], y, random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """)
    assert "np.log1p of diabetes.csv's column 'target'" in out["stopped"]
    assert "TransformedTargetRegressor(regressor=..., func=np.log1p, inverse_func=np.expm1)" in out["stopped"]


def test_the_files_own_column_as_a_numpy_array_serves(tmp_path):
    out = exported(tmp_path, """
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']].values, df.target.values,
                                                            random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """)
    assert "stopped" not in out, out


class _Recording:
    def __init__(self, frame):
        self.reads = [Read("data.csv", 1, frame, True)]


@pytest.mark.parametrize("function", [numpy.sqrt, numpy.log])
def test_other_usual_functions_of_a_column_are_found(function):
    frame = pandas.DataFrame({"price": [120.0, 340.5, 99.0, 1000.0, 2500.25, 43.0], "rooms": [1, 2, 3, 4, 5, 6]})
    with pytest.raises(ExportError, match=f"np.{function.__name__} of data.csv's column 'price'"):
        check_target_function(_Recording(frame), function(frame["price"].to_numpy()[:5]))


def test_a_target_no_function_of_a_column_makes_passes():
    frame = pandas.DataFrame({"price": [120.0, 340.5, 99.0, 1000.0, 2500.25, 43.0]})
    assert check_target_function(_Recording(frame), numpy.array([0.3, 1.7, 2.2, 5.9, 8.1, 0.01])) is None


def test_a_column_the_file_holds_as_it_is_passes_though_another_column_is_a_function_of_it():
    """The file has `price` and its `log_price`: a target that is `log_price` as written is a column, not log of `price`."""
    price = numpy.array([120.0, 340.5, 99.0, 1000.0, 2500.25, 43.0])
    frame = pandas.DataFrame({"price": price, "log_price": numpy.log(price)})
    assert check_target_function(_Recording(frame), frame["log_price"].to_numpy()) is None
