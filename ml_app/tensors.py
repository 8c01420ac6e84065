"""The Open Inference Protocol's tensors: an infer request's inputs become rows, answers become outputs.

Framework-free like schema.py. A request's tensors are checked for what only
tensors can get wrong (name, shape, datatype, size), then turned into the rows
/prediction takes and validated by `schema.check_rows`: the V2 endpoint and
/prediction accept and refuse exactly the same values.
"""
from math import prod
from typing import NamedTuple

import numpy as np

from contract import FIELDS

from .errors import ApiError
from .schema import check_rows, parse_json

#: The measurement datatypes accepted: JSON numbers read as 32- or 64-bit floats.
FLOAT_TYPES = {"FP32": np.float32, "FP64": np.float64}
#: What GET /v2/models/<name> declares: one [N, 4] tensor in FIELDS order (any name is
#: accepted for it), or, equivalently, one [N] tensor per field, named after the field.
INPUT_NAME = "measurements"
LABEL, PROBABILITIES = "label", "probabilities"
OUTPUT_NAMES = (LABEL, PROBABILITIES)


class InferRequest(NamedTuple):
    """A checked infer request: rows in FIELDS order, the outputs wanted, the caller's id."""

    rows: np.ndarray
    outputs: tuple
    id: str | None


class Tensor(NamedTuple):
    name: str
    shape: list
    datatype: str
    values: list  # the data, flattened in row-major order


def parse_infer(body: bytes, max_rows: int) -> InferRequest:
    """Check an infer request body; rows come out as /prediction's would (ApiError 400 or 413 if not)."""
    document = parse_json(body)
    if type(document) is not dict:
        raise _bad("The body must be a JSON object holding \"inputs\": an array of tensors.")
    inputs = document.get("inputs")
    if type(inputs) is not list or not inputs:
        raise _bad("\"inputs\" must be a non-empty array of tensors ({\"name\", \"shape\", \"datatype\", \"data\"}).")
    request_id = document.get("id")
    if "id" in document and type(request_id) is not str:
        raise _bad("\"id\" must be a string.")
    _check_parameters(document, "the request")
    tensors = [_tensor(item, i) for i, item in enumerate(inputs)]
    rows, fp32_columns = (_from_matrix(tensors[0]) if len(tensors) == 1 and tensors[0].name not in FIELDS
                          else _from_columns(tensors))
    matrix = check_rows(rows, max_rows, "row")
    if fp32_columns:  # an FP32 tensor's numbers are float32 values: read them as such
        matrix[:, fp32_columns] = matrix[:, fp32_columns].astype(np.float32)
    return InferRequest(matrix, _outputs(document), request_id)


def outputs(request: InferRequest, class_names: tuple, proba: np.ndarray, best: np.ndarray) -> list:
    """The response's output tensors, in the order requested (all of them when none was named)."""
    every = {
        LABEL: {"name": LABEL, "datatype": "BYTES", "shape": [len(best)],
                "data": [class_names[i] for i in best.tolist()]},
        PROBABILITIES: {"name": PROBABILITIES, "datatype": "FP64", "shape": list(proba.shape),
                        "data": proba.ravel().tolist()},
    }
    return [every[name] for name in request.outputs]


def metadata_inputs() -> list:
    """The model's input tensors as GET /v2/models/<name> declares them."""
    return [{"name": INPUT_NAME, "datatype": "FP64", "shape": [-1, len(FIELDS)]}]


def metadata_outputs(n_classes: int) -> list:
    """The model's output tensors as GET /v2/models/<name> declares them."""
    return [{"name": LABEL, "datatype": "BYTES", "shape": [-1]},
            {"name": PROBABILITIES, "datatype": "FP64", "shape": [-1, n_classes]}]


def _tensor(item, index: int) -> Tensor:
    """One input tensor, its data flattened, or a 400 saying what about it is wrong."""
    if type(item) is not dict:
        raise _bad(f"inputs[{index}] must be a tensor object with name, shape, datatype and data.")
    name = item.get("name")
    if type(name) is not str or not name:
        raise _bad(f"inputs[{index}] needs a \"name\" (a string).")
    _check_parameters(item, f"input '{name}'")
    shape = item.get("shape")
    if type(shape) is not list or not shape or any(type(d) is not int or d < 0 for d in shape):
        raise _bad(f"input '{name}': \"shape\" must be a non-empty array of non-negative integers, got {shape!r}.")
    datatype = item.get("datatype")
    if type(datatype) is not str or datatype not in FLOAT_TYPES:
        raise _bad(f"input '{name}': datatype {datatype!r} is not accepted; measurements are FP32 or FP64.")
    data = item.get("data")
    if type(data) is not list:
        raise _bad(f"input '{name}': \"data\" must be an array of numbers (flat or nested, row-major).")
    values = _flatten(data)
    if len(values) != prod(shape):
        raise _bad(f"input '{name}': shape {shape} holds {prod(shape)} values but \"data\" has {len(values)}.")
    return Tensor(name, shape, datatype, values)


def _from_matrix(tensor: Tensor) -> tuple[list, list]:
    """Rows from one [N, 4] tensor whose columns are FIELDS, in that order."""
    width = len(FIELDS)
    if len(tensor.shape) != 2 or tensor.shape[1] != width:
        raise _bad(f"input '{tensor.name}': shape {tensor.shape} is not [N, {width}]; send one [N, {width}] "
                   f"tensor of {', '.join(FIELDS)} (in that order), or {width} [N] tensors named after them.")
    values = tensor.values
    rows = [dict(zip(FIELDS, values[i:i + width])) for i in range(0, len(values), width)]
    return rows, list(range(width)) if tensor.datatype == "FP32" else []


def _from_columns(tensors: list) -> tuple[list, list]:
    """Rows from one [N] (or [N, 1]) tensor per field, named after the field."""
    by_name = {}
    for tensor in tensors:
        if tensor.name not in FIELDS:
            raise _bad(f"input '{tensor.name}' is not a field; name the {len(FIELDS)} [N] tensors "
                       f"{', '.join(FIELDS)}, or send one [N, {len(FIELDS)}] tensor.")
        if tensor.name in by_name:
            raise _bad(f"input '{tensor.name}' is given twice.")
        if len(tensor.shape) > 2 or tensor.shape[1:] not in ([], [1]):
            raise _bad(f"input '{tensor.name}': shape {tensor.shape} is not [N] (one value per row).")
        by_name[tensor.name] = tensor
    missing = [name for name in FIELDS if name not in by_name]
    if missing:
        raise _bad(f"the inputs lack {', '.join(missing)}: send one [N] tensor per field.")
    sizes = {len(t.values) for t in tensors}
    if len(sizes) != 1:
        raise _bad(f"the field tensors must all have the same length N, got {sorted(sizes)}.")
    columns = [by_name[name].values for name in FIELDS]
    rows = [dict(zip(FIELDS, row)) for row in zip(*columns)]
    return rows, [i for i, name in enumerate(FIELDS) if by_name[name].datatype == "FP32"]


def _outputs(document: dict) -> tuple:
    """The names of the outputs asked for (`"outputs": [{"name": ...}]`), or all of them when the
    key is absent (an explicit null is no array: refused, as the document's schema says)."""
    if "outputs" not in document:
        return OUTPUT_NAMES
    requested = document["outputs"]
    if type(requested) is not list or not all(type(o) is dict for o in requested):
        raise _bad("\"outputs\" must be an array of objects like {\"name\": \"label\"}.")
    names = []
    for output in requested:
        _check_parameters(output, "an output")
        name = output.get("name")
        if name not in OUTPUT_NAMES:
            raise _bad(f"output {name!r} is not an output of this model; it has {', '.join(OUTPUT_NAMES)}.")
        if name not in names:
            names.append(name)
    return tuple(names) or OUTPUT_NAMES


def _check_parameters(item: dict, what: str) -> None:
    """The protocol's optional "parameters" is an object (none changes the answer here)."""
    if "parameters" in item and type(item["parameters"]) is not dict:
        raise _bad(f"the \"parameters\" of {what} must be an object.")


def _flatten(data: list) -> list:
    """Nested arrays flattened in row-major order, without recursion (the nesting depth is the client's)."""
    if not any(type(v) is list for v in data):
        return data
    flat, stack = [], [iter(data)]
    while stack:
        for value in stack[-1]:
            if type(value) is list:
                stack.append(iter(value))
                break
            flat.append(value)
        else:
            stack.pop()
    return flat


def _bad(message: str) -> ApiError:
    return ApiError(400, message)
