"""Data a recorded call took or gave, known by a fingerprint of its content, not by a copy.

The recorder (recording.py) follows rows through the notebook's transformers by content: the rows a
model was fitted on are the rows a scaler's transform gave when their fingerprints agree, whatever
container held them (a DataFrame, its `.values`, a list of rows). Small data is also kept as a copy
(a later in-place change cannot alter it), moderate data by reference (verified unchanged before
use), big data by its fingerprint only. Standard library and numpy only.
"""
import copy
import hashlib

import numpy

COPY_LIMIT = 8 << 20  # bytes: data up to this size is copied (a later in-place change cannot alter it)
KEEP_LIMIT = 256 << 20  # bytes: data up to this size is referenced; bigger data is fingerprinted only
HASH_LIMIT = 4_000_000  # elements: bigger arrays are fingerprinted on a fixed sample of rows


class Data:
    """Data in or out of a recorded call: `fingerprint` (of content: a DataFrame and its `.values`
    are one), `shape`, `value` (a copy when small, the object up to KEEP_LIMIT, else None)."""

    __slots__ = ("fingerprint", "shape", "value", "copied")

    def __init__(self, value):
        self.fingerprint, self.shape, size = fingerprint(value)
        self.copied = False
        self.value = None
        if self.fingerprint is None or size > KEEP_LIMIT:
            return
        if size <= COPY_LIMIT:
            try:
                value = value.copy() if callable(getattr(value, "copy", None)) else copy.deepcopy(value)
                self.copied = True
            except Exception:  # an exotic container: keep the reference, checked by current()
                pass
        self.value = value

    def current(self):
        """The value; None when not kept, or a referenced object was changed in place since."""
        if self.value is None or self.copied:
            return self.value
        return self.value if fingerprint(self.value)[0] == self.fingerprint else None


def fingerprint(value):
    """(hex digest, shape, size in bytes) of an array-like's content, else (None, None, 0): the shape
    and the values as float64 (a DataFrame and its `.values` agree) or as text; a sparse matrix by
    its stored entries; a huge array by a fixed sample of rows."""
    try:
        if callable(getattr(value, "tocsr", None)) and hasattr(value, "nnz"):
            matrix = value.tocsr()
            digest = hashlib.blake2b(repr(matrix.shape).encode(), digest_size=16)
            for part in (matrix.data, matrix.indices, matrix.indptr):
                digest.update(numpy.ascontiguousarray(part).tobytes())
            size = matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
            return digest.hexdigest(), matrix.shape, size
        if isinstance(value, (str, bytes, dict, set)) or value is None or not hasattr(value, "__len__"):
            return None, None, 0
        array = numpy.asarray(value)
        if array.dtype.kind in "biuf" or array.dtype.kind == "O" and array.size == 0:
            payload = numpy.ascontiguousarray(_sample(array), dtype=numpy.float64).tobytes()
        elif array.dtype.kind in "OUSMm":
            payload = "\x1f".join(map(str, _sample(array).ravel().tolist())).encode("utf-8", "replace")
        else:
            return None, None, 0
        digest = hashlib.blake2b(payload, digest_size=16)
        digest.update(repr(array.shape).encode())
        return digest.hexdigest(), array.shape, int(array.nbytes)
    except Exception:  # anything numpy cannot view as an array is not data the recorder follows
        return None, None, 0


def _sample(array):
    """The array, or every n-th row of a huge one (a fixed sample: the same data, the same digest)."""
    return array if array.ndim == 0 or array.size <= HASH_LIMIT else array[:: array.size // HASH_LIMIT + 1]
