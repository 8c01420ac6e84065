"""The input contract of the served model, compiled once at load: its fields, how a
request's values are checked, and how they become the rows the model takes.

model.json format 2 (docs/model-artifact.md, "Format 2") carries `inputs` (the
request fields as the data names them: kind, training range or values seen,
whether null is accepted) and `encoding` (how each model feature is made from an
input: the number itself, a one-hot dummy, a code, or the raw value for a model
whose own pipeline encodes it). A format 1 artifact is read as the Iris contract
of contract/iris.json, so every consumer (schema.py's validation, the one-row and
batch paths, novelty.py's warnings, GET /model, the OpenAPI document, V2, the
bench) reads one `Contract` and nothing Iris-specific.

The service encodes raw values itself, without pandas: a float matrix (an object
matrix when an entry is "raw"), built column by column for a batch and as a list
of floats for one row (numpy_proba's fast paths take it as they took Iris rows).
"""
import math
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

import contract

from .fills import FillError, Fills, as_fills

KINDS = contract.INPUT_KINDS
NUMBER, INTEGER, CATEGORY, BOOLEAN = KINDS
#: Kinds whose validated value is a number (a float in a row, a column of a float matrix).
NUMERIC = (NUMBER, INTEGER)
ENCODINGS = contract.ENCODING_KINDS
TASKS = contract.TASKS
UNKNOWN = contract.UNKNOWN_CATEGORY
#: Without `accept` bounds a number is accepted within ±LIMIT (infinity and NaN fail `low < x <= high`).
#: Not the largest double: a JSON integer just beyond it has more digits than 64 bits, parses as that
#: rounded float and would pass, so the bound the OpenAPI document states would not be the one enforced.
#: Below 2**53 every integer near the bound is exact.
LIMIT = 1e15
_FINITE_MAX = float(np.finfo(np.float64).max)
NAN = float("nan")


class ContractError(ValueError):
    """model.json's input contract is malformed; the message says which entry and why."""


@dataclass(frozen=True, eq=False)
class Field:
    """One request field, compiled: what it accepts and how a value is described."""

    name: str
    kind: str
    spec: dict  # the input as model.json gives it (label, unit, description, min, max, quantiles, form, ...)
    missing: bool = False  # null (or an absent key) accepted: the model's pipeline imputes it
    low: float = -LIMIT  # accepted numbers: low < x <= high (the `accept` bounds, else ±LIMIT)
    high: float = LIMIT
    accept: dict | None = None
    values: tuple = ()  # a category's values seen in training, as written in the data
    unknown: str = "error"  # a category value not in `values`: "error" (400) or "warn" (answered, warned)
    #: Words for the messages: "a number of centimetres", and a note after the upper bound.
    noun: str = "a number"
    upper_note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "allowed", frozenset(self.values))
        types = {type(v) for v in self.values}
        if types & {int, float}:
            types |= {int, float}
        object.__setattr__(self, "types", frozenset(types))  # JSON types a category's values come in

    @property
    def unit(self):
        return self.spec.get("unit")

    def problem(self, value, absent: bool) -> str | None:
        """Why `value` is not acceptable for this field, or None when it is (then `accepted`
        gives the value to keep). `absent`: the key was not in the row."""
        if absent or value is None:
            if self.missing:
                return None
            return "is required" if absent else f"must not be null ({self._expected()})"
        if self.kind in NUMERIC:
            if type(value) not in (int, float):
                return f"must be {self.noun}, not {json_type(value)}"
            if type(value) is int and not -_FINITE_MAX <= value <= _FINITE_MAX:
                return "must be a finite number, not an integer beyond any float"
            if not math.isfinite(value):
                return f"must be a finite number, not {value}"
            if self.kind == INTEGER and type(value) is float and not value.is_integer():
                return f"must be a whole number, got {value}"
            if value <= self.low:
                return f"must be greater than {self.low:g}{self._unit()}, got {value}"
            if value > self.high:
                return f"must be at most {self.high:g}{self._unit()}{self.upper_note}, got {value}"
            return None
        if self.kind == BOOLEAN:
            return None if type(value) is bool else f"must be true or false, not {json_type(value)}"
        # a category: a value of the training values' JSON type, one of them unless unknown ones only warn
        if not self._same_type(value):
            return f"must be one of {self._choices()}; got {json_type(value)}"
        if self.unknown == "error" and value not in self.allowed:
            return f"must be one of {self._choices()}; got {value!r}"
        return None

    def accepted(self, value):
        """The kept form of an acceptable value: a number as a float, None for a missing one."""
        if value is None:
            return None
        return float(value) if self.kind in NUMERIC else value

    def is_unseen(self, value) -> bool:
        """A category value accepted with a warning: not among the values seen in training."""
        return self.kind == CATEGORY and value is not None and value not in self.allowed

    def _same_type(self, value) -> bool:
        if type(value) is bool:
            return any(type(v) is bool for v in self.values)
        if type(value) is str:
            return any(type(v) is str for v in self.values)
        if type(value) in (int, float):
            return any(type(v) in (int, float) for v in self.values)
        return False

    def _choices(self) -> str:
        shown = ", ".join(repr(v) if type(v) is str else str(v) for v in self.values[:20])
        return shown + (f" (and {len(self.values) - 20} more)" if len(self.values) > 20 else "")

    def _unit(self) -> str:
        return f" {self.unit}" if self.unit else ""

    def _expected(self) -> str:
        return {BOOLEAN: "true or false", CATEGORY: f"one of {self._choices()}"}.get(self.kind, self.noun)


def json_type(value) -> str:
    """The JSON name of a decoded value's type, as a client would say it."""
    if value is None:
        return "null"
    if type(value) is bool:
        return "a boolean"
    return {str: "a string", list: "an array", dict: "an object"}.get(type(value), "a number")


@dataclass(frozen=True, eq=False)
class Contract:
    """What the service takes and answers, compiled from model.json (see the module docstring)."""

    task: str
    model_name: str | None
    target: dict
    inputs: list  # model.json's input objects, in order
    encoding: list  # one entry per model feature, in feature_names order
    examples: list  # {"label", "values": {input: value}}
    fields: tuple  # Field per input, in order
    #: True when every input is a number without null: a batch validates into one float matrix.
    numeric: bool = False
    #: True when the curated Iris contract (contract/iris.json) describes the fields.
    iris: bool = False
    #: How each model feature is made: (how, input index, parameter), in feature order.
    plan: tuple = ()
    feature_names: tuple = ()  # the model's features, in its order (encoding's order)
    object_matrix: bool = False  # an entry is "raw" on a non-number input: the model takes an object matrix
    fills: Fills | None = None  # gaps filled as the notebook filled them (fills.py), before the encoding
    names: tuple = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "names", tuple(f.name for f in self.fields))
        object.__setattr__(self, "name_set", frozenset(self.names))
        object.__setattr__(self, "numeric_mask", tuple(f.kind in NUMERIC for f in self.fields))
        object.__setattr__(self, "integer_columns", [i for i, f in enumerate(self.fields) if f.kind == INTEGER])
        object.__setattr__(self, "_one", _compile_one(self.plan, self.fields))
        #: Per input, what schema._row checks first, cheaply: (name, check, low, high, values seen, Field).
        object.__setattr__(self, "checks", tuple(
            (f.name, _CHECKS.get(f.kind, 3) if f.kind != CATEGORY or f.types == {str} else 3,
             f.low, f.high, f.allowed, f) for f in self.fields))
        columns = tuple(i for _, i, _ in self.plan)
        # The Iris case: every feature is an input's number; a row needs at most a reordering.
        selects = self.numeric and all(how in ("number", "raw") for how, _, _ in self.plan)
        object.__setattr__(self, "_columns", columns if selects else None)
        object.__setattr__(self, "_identity", selects and columns == tuple(range(len(self.fields))))
        object.__setattr__(self, "_pick", itemgetter(*columns) if len(columns) > 1 else None)

    @property
    def is_regression(self) -> bool:
        return self.task == "regression"

    def feature_inputs(self) -> dict:
        """GET /model's feature_fields: the input each model feature is made from."""
        return {name: self.names[i] for name, (_, i, _) in zip(self.feature_names, self.plan)}

    # --- encoding ------------------------------------------------------------------------------

    def encode_one(self, values: list) -> list:
        """One validated row (values in input order) as the model's row: a list of floats
        (of objects when the model takes raw values)."""
        if self.fills is not None:
            values = self.fills.apply(values)
        if self._identity:
            return values
        if self._pick is not None and self._columns is not None:
            return list(self._pick(values))
        return self._one(values)

    def encode_many(self, batch) -> np.ndarray:
        """A validated batch (a float matrix in input order when `numeric`, else a list of rows
        of values) as the model's matrix, one column per feature."""
        if self._columns is not None:  # (no fills: an input with a fill is missing: true, so not numeric)
            return batch if self._identity else batch[:, self._columns]
        if isinstance(batch, np.ndarray):  # numeric inputs, features made by one_hot/code of numbers
            batch = batch.tolist()
        if self.fills is not None:
            batch = [self.fills.apply(row) for row in batch]
        columns = list(zip(*batch)) if batch else [() for _ in self.fields]
        matrix = np.empty((len(batch), len(self.plan)), dtype=object if self.object_matrix else np.float64)
        for j, (how, i, parameter) in enumerate(self.plan):
            matrix[:, j] = _encode_column(how, columns[i], parameter, self.fields[i])
        return matrix

    def example_rows(self) -> list:
        """The example rows as validated values in input order (the model's check rows at load)."""
        return [[self.fields[i].accepted(example["values"].get(name)) for i, name in enumerate(self.names)]
                for example in self.examples]

    def as_batch(self, rows: list):
        """Rows of validated values as a batch of the form `encode_many` takes."""
        return np.array(rows, dtype=np.float64) if self.numeric else rows


#: schema._row's cheap first checks, by kind: a number, a whole number, a category of text (3: none).
CHECK_NUMBER, CHECK_INTEGER, CHECK_TEXT = 0, 1, 2
_CHECKS = {NUMBER: CHECK_NUMBER, INTEGER: CHECK_INTEGER, CATEGORY: CHECK_TEXT}


def _compile_one(plan: tuple, fields: tuple):
    """The one-row twin of _encode_column for every feature at once: a function from a row's
    values (input order) to the model's row, written as one list display (a call per feature
    cost more than the encoding). The values compared with and code tables are passed as
    variables, never written into the source."""
    constants = {"NAN": NAN, "key": _key}
    items = []
    for j, (how, i, parameter) in enumerate(plan):
        value = f"v[{i}]"
        if how == "number":
            items.append(f"(NAN if {value} is None else float({value}))" if fields[i].missing
                         else f"float({value})")
        elif how == "one_hot":
            constants[f"c{j}"] = parameter
            items.append(f"(1.0 if {value} == c{j} else 0.0)")  # None equals no category value
        elif how == "code":
            constants[f"c{j}"] = parameter
            items.append(f"c{j}.get(key({value}), NAN)")
        else:  # raw
            items.append(f"(NAN if {value} is None else {value})")
    source = "def encode(v):\n    return [" + ", ".join(items) + "]\n"
    exec(compile(source, "<inputs.encode_one>", "exec"), constants)  # noqa: S102 (names only, no data)
    return constants["encode"]


def _encode_column(how: str, column, parameter, spec: Field):
    """One feature's column from an input's values (see the format's encoding entries)."""
    if how == "number":
        return [NAN if v is None else float(v) for v in column]
    if how == "one_hot":
        return [1.0 if v == parameter and v is not None else 0.0 for v in column]
    if how == "code":
        return [parameter.get(_key(v), NAN) for v in column]
    return [NAN if v is None else v for v in column]  # raw


def _key(value):
    """A category value as a code table's key: True and 1 are different categories."""
    return (bool, value) if type(value) is bool else value


# --- building a contract ------------------------------------------------------------------------


def iris_contract(feature_names, class_names=None, ranges: dict | None = None) -> Contract:
    """The Iris contract of contract/iris.json for a model whose features are `feature_names`
    (Iris measurements under any name contract.field_of maps): a format 1 artifact is read as
    this. `ranges`: {field: {"min", "max"}} from the artifact's training_stats, when it has them."""
    inputs = [_iris_input(name, (ranges or {}).get(name)) for name in contract.FIELDS]
    encoding = []
    for name in feature_names:
        field_name = contract.field_of(name)
        if field_name is None:
            raise ContractError(
                f"the model's feature {name!r} matches none of the API fields ({', '.join(contract.FIELDS)}), "
                "so requests cannot feed it. Train on Iris measurements only.")
        if any(entry["input"] == field_name for entry in encoding):
            raise ContractError(f"two model features map to the field {field_name!r}.")
        encoding.append({"input": field_name, "as": "number"})
    examples = [{"label": contract.DOCUMENT["examples"][key]["label"], "values": dict(contract.EXAMPLES[key])}
                for key in contract.FORM_PRESETS]
    target = {"name": "species", "kind": "category", "classes": list(class_names or [])}
    return as_contract({"task": "classification", "model_name": "iris", "target": target, "inputs": inputs,
                        "encoding": encoding, "examples": examples}, list(feature_names))


def _iris_input(name: str, stats: dict | None) -> dict:
    """One Iris measurement as a format 2 input, from iris.json."""
    spec = {"name": name, "kind": NUMBER, "label": contract.LABELS[name], "unit": contract.UNIT,
            "description": f"{contract.LABELS[name]} in {contract.UNIT_NAME}.", "missing": False,
            "accept": {"exclusive_minimum": contract.MIN_CM, "maximum": contract.MAX_CM},
            "form": dict(contract.FORM[name])}
    if stats:
        spec.update(min=stats["min"], max=stats["max"])
    return spec


def as_contract(meta: dict, feature_names: list) -> Contract:
    """The compiled contract of a format 2 model.json (its task, target, inputs, encoding,
    examples), or ContractError naming the first entry that is wrong."""
    task = meta.get("task")
    if task not in TASKS:
        raise ContractError(f"task must be one of {', '.join(TASKS)}, got {task!r}")
    inputs = meta.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        raise ContractError("inputs must be a non-empty list of input objects")
    fields = tuple(_field(spec, i) for i, spec in enumerate(inputs))
    index = {f.name: i for i, f in enumerate(fields)}
    if len(index) != len(fields):
        raise ContractError("two inputs have the same name")
    encoding = meta.get("encoding")
    if not isinstance(encoding, list) or len(encoding) != len(feature_names):
        raise ContractError(f"encoding must list one entry per model feature ({len(feature_names)}), "
                            f"got {len(encoding) if isinstance(encoding, list) else type(encoding).__name__}")
    plan = tuple(_plan_entry(entry, j, index, fields) for j, entry in enumerate(encoding))
    try:
        fills = as_fills(inputs, index, _key, fields)
    except FillError as error:
        raise ContractError(str(error)) from None
    examples = meta.get("examples")
    if not isinstance(examples, list) or not examples or not all(isinstance(e, dict) and isinstance(e.get("values"), dict)
                                                 for e in examples):
        raise ContractError("examples must be a non-empty list of {\"label\", \"values\": {input: value}}")
    for k, example in enumerate(examples):
        for f in fields:
            value = example["values"].get(f.name)
            problem = f.problem(value, f.name not in example["values"])
            if problem is not None:
                raise ContractError(f"examples[{k}].{f.name} {problem}: an example is a row the service accepts")
    target = meta.get("target")
    if not isinstance(target, dict):
        raise ContractError("target must be an object naming the predicted column")
    model_name = meta.get("model_name")
    if model_name is not None and not isinstance(model_name, str):
        raise ContractError(f"model_name must be a string, got {model_name!r}")
    numeric = all(f.kind in NUMERIC and not f.missing for f in fields)
    raw_objects = any(how == "raw" and fields[i].kind not in NUMERIC for how, i, _ in plan)
    iris = tuple(f.name for f in fields) == contract.FIELDS and all(f.unit == contract.UNIT for f in fields)
    return Contract(task=task, model_name=model_name, target=target, inputs=inputs, encoding=encoding,
                    examples=examples, fields=fields, numeric=numeric, iris=iris, plan=plan,
                    feature_names=tuple(feature_names), object_matrix=raw_objects, fills=fills)


def _field(spec, position: int) -> Field:
    """One input object checked and compiled."""
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"]:
        raise ContractError(f"inputs[{position}] must be an object with a non-empty \"name\"")
    name, kind = spec["name"], spec.get("kind")
    if kind not in KINDS:
        raise ContractError(f"input {name!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    missing = spec.get("missing", False)
    if type(missing) is not bool:
        raise ContractError(f"input {name!r}: missing must be true or false")
    options = {"missing": missing}
    if kind == CATEGORY:
        values = spec.get("values")
        if not isinstance(values, list) or not values or not all(type(v) in (str, int, float, bool) for v in values):
            raise ContractError(f"input {name!r}: a category needs \"values\", the non-empty list of values seen")
        unknown = spec.get("unknown", "error")
        if unknown not in UNKNOWN:
            raise ContractError(f"input {name!r}: unknown must be one of {', '.join(UNKNOWN)}, got {unknown!r}")
        options.update(values=tuple(values), unknown=unknown)
    accept = spec.get("accept")
    if accept is not None:
        if kind not in NUMERIC or not isinstance(accept, dict):
            raise ContractError(f"input {name!r}: accept is a number's bounds object")
        low, high = accept.get("exclusive_minimum", -LIMIT), accept.get("maximum", LIMIT)
        if not all(type(b) in (int, float) for b in (low, high)) or not low < high:
            raise ContractError(f"input {name!r}: accept must be {{\"exclusive_minimum\", \"maximum\"}}, low < high")
        options.update(low=float(low), high=float(high), accept=accept)
    for bound in ("min", "max"):
        if spec.get(bound) is not None and (type(spec[bound]) not in (int, float) or not math.isfinite(spec[bound])):
            raise ContractError(f"input {name!r}: {bound} must be a finite number")
    unit = spec.get("unit")
    if kind in NUMERIC:
        unit_name = contract.UNIT_NAME if unit == contract.UNIT else unit
        noun = "a whole number" if kind == INTEGER else "a number"
        options["noun"] = f"{noun} of {unit_name}" if unit_name else noun
        if contract.field_of(name) == name and unit == contract.UNIT:
            options["upper_note"] = " (a plausible flower measurement)"  # the Iris API's wording
    return Field(name=name, kind=kind, spec=spec, **options)


def _plan_entry(entry, position: int, index: dict, fields: tuple) -> tuple:
    """One encoding entry as (how, input index, parameter)."""
    if not isinstance(entry, dict) or entry.get("input") not in index:
        raise ContractError(f"encoding[{position}] must be {{\"input\": <an input's name>, \"as\": ...}}, "
                            f"got {entry!r}")
    how, i = entry.get("as"), index[entry["input"]]
    if how not in ENCODINGS:
        raise ContractError(f"encoding[{position}]: \"as\" must be one of {', '.join(ENCODINGS)}, got {how!r}")
    kind = fields[i].kind
    if how == "number" and kind not in (*NUMERIC, BOOLEAN):
        raise ContractError(f"encoding[{position}]: input {entry['input']!r} is a {kind}, not a number")
    if how == "one_hot":
        if "value" not in entry:
            raise ContractError(f"encoding[{position}]: one_hot needs the \"value\" the column is 1.0 for")
        return how, i, entry["value"]
    if how == "code":
        codes = entry.get("codes")
        if not isinstance(codes, list) or not all(isinstance(c, list) and len(c) == 2 for c in codes):
            raise ContractError(f"encoding[{position}]: code needs \"codes\": [[value, code], ...]")
        return how, i, {_key(value): float(code) for value, code in codes}
    return how, i, None
