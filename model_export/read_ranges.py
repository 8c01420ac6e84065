"""A number feature named as a column of a file the notebook read, whose training values lie outside
that column's range in the file: transformed outside the model (normalised by hand, scaled into a new
DataFrame, a logarithm), so the service, which takes the value as the data writes it, would feed the
model raw values where it learnt transformed ones: a silent wrong answer. The build stops instead.

The ranges come from the frames the recorder saw read (pandas_calls.FrameRead). Values a notebook
keeps within the file's range (gaps filled with the median, outliers dropped or clipped, a type
changed) pass; so does one constant outside it (gaps filled with -1), which the service's users can
send as it is.
"""
import numpy

from ._common import ExportError

MIN_SHARE_OUTSIDE = 0.01  # of the training values: fewer outside the file's range is not a transformation


def _file_ranges(recording):
    """{column: (min, max, line of the read)} over every frame read from a file (widest range)."""
    found = {}
    for read in getattr(recording, "frames_read", []):
        for column, (low, high) in getattr(read, "ranges", {}).items():
            known = found.get(column)
            found[column] = (low, high, read.line) if known is None else (min(low, known[0]), max(high, known[1]), known[2])
    return found


def check_read_ranges(encoding, decoded, evidence):
    """Stop when a number feature's training values are not the values of the file column it is named after."""
    ranges = _file_ranges(evidence.recording)
    for entry in encoding:
        name = entry["input"]
        if entry["as"] != "number" or name not in ranges:
            continue
        low, high, line = ranges[name]
        values = numpy.asarray([v for v in decoded.get(name, []) if v is not None], dtype=float)
        values = values[numpy.isfinite(values)]
        slack = 1e-9 * max(abs(low), abs(high), 1.0)
        outside = values[(values < low - slack) | (values > high + slack)]
        if len(values) and len(outside) > MIN_SHARE_OUTSIDE * len(values) and len(numpy.unique(outside)) > 1:
            raise ExportError(
                f"the model's feature {name!r} is not the column {name!r} of the file read in {evidence.where(line)}: "
                f"{len(outside)} of its {len(values)} training values lie outside the file's range [{low:g}, {high:g}] "
                f"(they run from {values.min():.4g} to {values.max():.4g}). It was transformed outside the model "
                "(normalised or scaled by hand, or a scaler's output made into a new frame), and the service would "
                f"feed the model the raw {name!r} where it learnt the transformed one. Scale inside the model's "
                "pipeline (make_pipeline(StandardScaler(), model)), or with a scaler fitted on the rows the model "
                "is then fitted on (X_train = scaler.fit_transform(X_train)).")
