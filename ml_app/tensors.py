"""The Open Inference Protocol's tensors: an infer request's inputs become rows, answers become outputs.

Framework-free like schema.py. A request's tensors are checked for what only
tensors can get wrong (name, shape, datatype, size), then turned into the rows
/prediction takes and validated by `schema.check_rows`: the V2 endpoint and
/prediction accept and refuse exactly the same values.

The tensors follow the served model's contract (ml_app/inputs.py): when every
input is a number (Iris), one [N, k] tensor in input order or one [N] tensor per
input; when the kinds are mixed, one [N] tensor per input, named after it, of
its own datatype (BYTES for text, BOOL, FP64/INT64 for numbers). A regressor
answers one output, `prediction` (FP64 [N]).
"""
from math import prod
from typing import NamedTuple

import numpy as np

from .errors import ApiError
from .inputs import Contract
from .schema import IRIS, check_rows, parse_json

#: The measurement datatypes accepted: JSON numbers read as 32- or 64-bit floats.
FLOAT_TYPES = {"FP32": np.float32, "FP64": np.float64}
#: Beyond Iris, a number input also takes integer tensors; a category of text takes BYTES, a boolean BOOL.
NUMBER_TYPES = ("FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64")
PREDICTION = "prediction"
#: What GET /v2/models/<name> declares for an all-number contract: one [N, k] tensor in input order
#: (any name is accepted for it), or, equivalently, one [N] tensor per input, named after it.
INPUT_NAME = "measurements"
LABEL, PROBABILITIES = "label", "probabilities"
OUTPUT_NAMES = (LABEL, PROBABILITIES)


class InferRequest(NamedTuple):
    """A checked infer request: rows as check_rows gives them, the outputs wanted, the caller's id."""

    rows: np.ndarray
    outputs: tuple
    id: str | None


class Tensor(NamedTuple):
    name: str
    shape: list
    datatype: str
    values: list  # the data, flattened in row-major order


def parse_infer(body: bytes, max_rows: int, spec: Contract = IRIS) -> InferRequest:
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
    tensors = [_tensor(item, i, spec) for i, item in enumerate(inputs)]
    rows, fp32_columns = (_from_matrix(tensors[0], spec) if len(tensors) == 1 and tensors[0].name not in spec.names
                          and spec.numeric else _from_columns(tensors, spec))
    matrix = check_rows(rows, max_rows, "row", spec=spec)
    if fp32_columns:  # an FP32 tensor's numbers are float32 values: read them as such
        if spec.numeric:
            matrix[:, fp32_columns] = matrix[:, fp32_columns].astype(np.float32)
        else:
            matrix = [[float(np.float32(v)) if i in fp32_columns and v is not None else v for i, v in enumerate(row)]
                      for row in matrix]
    return InferRequest(matrix, _outputs(document, spec), request_id)


def outputs(request: InferRequest, class_names: tuple, proba: np.ndarray, best: np.ndarray | None) -> list:
    """The response's output tensors, in the order requested (all of them when none was named);
    a regressor's (best None): its predictions."""
    if best is None:
        values = np.asarray(proba, dtype=np.float64).reshape(-1)
        return [{"name": PREDICTION, "datatype": "FP64", "shape": [len(values)], "data": values.tolist()}]
    every = {
        LABEL: {"name": LABEL, "datatype": "BYTES", "shape": [len(best)],
                "data": [class_names[i] for i in best.tolist()]},
        PROBABILITIES: {"name": PROBABILITIES, "datatype": "FP64", "shape": list(proba.shape),
                        "data": proba.ravel().tolist()},
    }
    return [every[name] for name in request.outputs]


def metadata_inputs(spec: Contract = IRIS) -> list:
    """The model's input tensors as GET /v2/models/<name> declares them: one [N, k] FP64 tensor
    when every input is a number, else one [N] tensor per input of its own datatype."""
    if spec.numeric:
        return [{"name": INPUT_NAME, "datatype": "FP64", "shape": [-1, len(spec.names)]}]
    return [{"name": f.name, "datatype": datatype(f), "shape": [-1]} for f in spec.fields]


def datatype(field) -> str:
    """The V2 datatype of an input's tensor: BYTES for text, BOOL, INT64 for whole numbers, else FP64."""
    if field.kind == "boolean":
        return "BOOL"
    if field.kind == "category":
        return "BYTES" if any(type(v) is str for v in field.values) else "FP64"
    return "INT64" if field.kind == "integer" else "FP64"


def output_names(spec: Contract = IRIS) -> tuple:
    return (PREDICTION,) if spec.is_regression else OUTPUT_NAMES


def metadata_outputs(n_classes: int, spec: Contract = IRIS) -> list:
    """The model's output tensors as GET /v2/models/<name> declares them."""
    if spec.is_regression:
        return [{"name": PREDICTION, "datatype": "FP64", "shape": [-1]}]
    return [{"name": LABEL, "datatype": "BYTES", "shape": [-1]},
            {"name": PROBABILITIES, "datatype": "FP64", "shape": [-1, n_classes]}]


def _tensor(item, index: int, spec: Contract = IRIS) -> Tensor:
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
    kind = item.get("datatype")
    accepted = _datatypes(spec, name)
    if type(kind) is not str or kind not in accepted:
        raise _bad(f"input '{name}': datatype {kind!r} is not accepted; measurements are FP32 or FP64." if spec.iris
                   else f"input '{name}': datatype {kind!r} is not accepted; it takes {', '.join(accepted)}.")
    data = item.get("data")
    if type(data) is not list:
        raise _bad(f"input '{name}': \"data\" must be an array of values (flat or nested, row-major).")
    values = _flatten(data)
    if len(values) != prod(shape):
        raise _bad(f"input '{name}': shape {shape} holds {prod(shape)} values but \"data\" has {len(values)}.")
    return Tensor(name, shape, kind, values)


def _datatypes(spec: Contract, name: str) -> tuple:
    """The datatypes a tensor called `name` may have."""
    if spec.iris:
        return tuple(FLOAT_TYPES)
    field = next((f for f in spec.fields if f.name == name), None)
    if field is None:  # the [N, k] tensor of an all-number contract (or a wrong name, refused later)
        return NUMBER_TYPES
    own = datatype(field)
    if own == "BYTES":
        return ("BYTES",)
    if own == "BOOL":
        return ("BOOL",)
    return NUMBER_TYPES


def _from_matrix(tensor: Tensor, spec: Contract) -> tuple[list, list]:
    """Rows from one [N, k] tensor whose columns are the inputs, in that order."""
    names = spec.names
    width = len(names)
    if len(tensor.shape) != 2 or tensor.shape[1] != width:
        raise _bad(f"input '{tensor.name}': shape {tensor.shape} is not [N, {width}]; send one [N, {width}] "
                   f"tensor of {', '.join(names)} (in that order), or {width} [N] tensors named after them.")
    values = tensor.values
    rows = [dict(zip(names, values[i:i + width])) for i in range(0, len(values), width)]
    return rows, list(range(width)) if tensor.datatype == "FP32" else []


def _from_columns(tensors: list, spec: Contract) -> tuple[list, list]:
    """Rows from one [N] (or [N, 1]) tensor per field, named after the field."""
    names = spec.names
    by_name = {}
    for tensor in tensors:
        if tensor.name not in names:
            raise _bad(f"input '{tensor.name}' is not a field; name the {len(names)} [N] tensors "
                       f"{', '.join(names)}" + (f", or send one [N, {len(names)}] tensor." if spec.numeric else "."))
        if tensor.name in by_name:
            raise _bad(f"input '{tensor.name}' is given twice.")
        if len(tensor.shape) > 2 or tensor.shape[1:] not in ([], [1]):
            raise _bad(f"input '{tensor.name}': shape {tensor.shape} is not [N] (one value per row).")
        by_name[tensor.name] = tensor
    missing = [f.name for f in spec.fields if f.name not in by_name and not f.missing]
    if missing:
        raise _bad(f"the inputs lack {', '.join(missing)}: send one [N] tensor per field.")
    sizes = {len(t.values) for t in tensors}
    if len(sizes) != 1:
        raise _bad(f"the field tensors must all have the same length N, got {sorted(sizes)}.")
    given = [name for name in names if name in by_name]
    columns = [by_name[name].values for name in given]
    rows = [dict(zip(given, row)) for row in zip(*columns)]
    return rows, [i for i, name in enumerate(names) if name in by_name and by_name[name].datatype == "FP32"]


def _outputs(document: dict, spec: Contract = IRIS) -> tuple:
    """The names of the outputs asked for (`"outputs": [{"name": ...}]`), or all of them when the
    key is absent (an explicit null is no array: refused, as the document's schema says)."""
    available = output_names(spec)
    if "outputs" not in document:
        return available
    requested = document["outputs"]
    if type(requested) is not list or not all(type(o) is dict for o in requested):
        raise _bad("\"outputs\" must be an array of objects like {\"name\": \"label\"}.")
    names = []
    for output in requested:
        _check_parameters(output, "an output")
        name = output.get("name")
        if name not in available:
            raise _bad(f"output {name!r} is not an output of this model; it has {', '.join(available)}.")
        if name not in names:
            names.append(name)
    return tuple(names) or available


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
