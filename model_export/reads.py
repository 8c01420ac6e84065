"""The tables the notebook read from its data files, as they were read: the names the data itself
gives its columns, before the notebook renamed them (`df.rename(columns=...)`, `df.columns = [...]`).

The recorder (recorder.py) wraps pandas' readers as pandas is imported. A call from the notebook's
own code becomes a `Read`: the file, the line, and the frame as read. The frame is kept as a shallow
copy: pandas (3, copy-on-write) copies a column only when the notebook changes it, so a later
`rename(inplace=True)`, `replace(..., inplace=True)` or `df.columns = [...]` leaves the copy as the
file gave it, at little cost. The export (origins.py) follows the model's columns back to these
frames by their values. Standard library only: this file is bundled into generated scripts.
"""
import functools
import os
import sys

READERS = ("read_csv", "read_table", "read_fwf", "read_excel", "read_json", "read_parquet", "read_feather",
           "read_stata", "read_sas", "read_spss", "read_orc", "read_xml", "read_pickle")
MAX_READS = 100  # a notebook reading files in a loop keeps its first reads: the data files are among them


class Read:
    """One table the notebook read: `path` (as the notebook wrote it), `line` (the script's), `frame`
    (as read), and `how`: the reader (`read_csv`), and `named`: whether the column names come from the file (False for `names=`,
    `header=None`, or a header row of numbers: a headerless file whose first row was taken as names)."""

    __slots__ = ("path", "line", "frame", "named", "how")

    def __init__(self, path, line, frame, named, how="read_csv"):
        self.path, self.line, self.frame, self.named, self.how = path, line, frame, named, how

    @property
    def file(self):
        """The file's name, for messages and model.json: 'Fish.csv'."""
        return os.path.basename(str(self.path).rstrip("/\\")) or str(self.path)

    def __repr__(self):
        return f"Read({self.file!r}, line {self.line}, {len(self.frame.columns)} columns)"


def _looks_like_a_value(name):
    """A header cell that is a value (`1000025`, `5`, `1.1`: pandas dedupes a repeated one as `1.1`)."""
    try:
        float(str(name))
        return True
    except ValueError:
        return False


def named_by_file(frame, kwargs):
    """Whether the frame's column names are the file's own header."""
    if kwargs.get("names") is not None or ("header" in kwargs and kwargs["header"] is None):
        return False
    columns = list(frame.columns)
    return bool(columns) and not all(_looks_like_a_value(c) for c in columns)


def _wrapped(original, recording_of):
    """`original` (a pandas reader) recording the frames the notebook's own code reads."""

    @functools.wraps(original)
    def reader(*args, **kwargs):
        result = original(*args, **kwargs)
        recording = recording_of()
        if recording is None or not recording.active or len(recording.reads) >= MAX_READS:
            return result
        try:
            caller = sys._getframe(1)
            if caller.f_code.co_filename != recording.script or not callable(getattr(result, "select_dtypes", None)):
                return result
            path = args[0] if args else kwargs.get("filepath_or_buffer", kwargs.get("io", kwargs.get("path", "")))
            path = getattr(path, "name", path)
            recording.reads.append(Read(path if isinstance(path, (str, os.PathLike)) else repr(path)[:80],
                                        caller.f_lineno, result.copy(deep=False), named_by_file(result, kwargs),
                                        original.__name__))
        except Exception:  # recording never changes what the notebook computes
            recording.errors += 1
        return result

    reader.__observed__ = original
    return reader


def patch(pandas, recording_of, patched):
    """Wrap pandas' top-level readers (`pd.read_csv`); each (owner, name, original) goes to `patched`."""
    for name in READERS:
        original = getattr(pandas, name, None)
        if not callable(original) or getattr(original, "__observed__", None) is not None:
            continue
        setattr(pandas, name, _wrapped(original, recording_of))
        patched.append((pandas, name, original))
