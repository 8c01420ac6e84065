"""A number field whose training values happen to be whole while its file column is not.

inputs.py calls a number input "integer" when every value of the model's training rows is whole:
the service then refuses 97.5. But the training rows are a sample of the file: cars' Displacement
is 307.0, 350.0, ... in 70% of the rows and 97.5 in one held-out row. When the input is a file's
column (origins.as_data_names found it there, row for row), the file's own values decide: a column
holding a number that is not whole makes the field a "number", so that no value the data itself
holds is refused.
"""
import numpy


def as_file_kind(spec, column):
    """`spec` (an input of model.json) with kind "number" when it is "integer" and `column` (its file
    column, as read) holds a finite number that is not whole; changed in place, and returned."""
    if spec.get("kind") != "integer" or getattr(column, "dtype", None) is None or column.dtype.kind != "f":
        return spec
    values = numpy.asarray(column, dtype=float)
    values = values[numpy.isfinite(values)]
    if len(values) and not numpy.all(values == numpy.round(values)):
        spec["kind"] = "number"
    return spec
