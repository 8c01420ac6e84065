"""Ask a served model for rows of the notebook's own data, as a new user would, and judge the answers.

The user reads the fields from `/openapi.json` (the single-row body of `POST /prediction`),
then posts rows of their data keyed by those names, with the values as the data writes them
(text stays text, a missing value is null). Here that is done through either a real server
(`Http`, the real-notebooks runner: gunicorn as `./build.sh serve-ml` starts it) or the same
application in this process (`InProcess`: create_app behind the ASGI front, as gunicorn
serves it; the corpus, where a server per notebook would cost more than the notebook).

`judge` compares the answers with the data's labels (accuracy, or R² for a regressor) and
with what the notebook's own model answered on the same rows (tests/corpus/probe.py): a row
the service answers differently from the notebook's model is a *silent wrong answer*.
"""
import contextlib
import dataclasses
import json
import math
import threading
import urllib.error
import urllib.request

#: Rows per batch request (ml_app's MAX_BATCH_ROWS is 10000; smaller batches keep a refusal local).
BATCH = 500
#: Rows also asked one by one (the one-row fast path), each compared with its batch answer.
SINGLE_ROWS = 20
#: A regressor's served answer agrees with the notebook's when within this share of the target's spread
#: (float32 somewhere on the way is fine; a mis-encoded column is not).
REGRESSION_TOLERANCE = 1e-6


class InProcess:
    """ml_app's application for `model_dir` (`create_app`, what gunicorn serves), called in this process
    through tests/ml_support.py's AppClient (httpx's ASGITransport: the edge, the router, the route).
    AppClient shares one event loop, so the harness' threads take turns."""

    _turns = threading.Lock()

    def __init__(self, model_dir):
        from ml_app import create_app
        from ml_support import AppClient
        self.client = AppClient(create_app(model_dir))

    def get(self, path):
        with self._turns, _no_access_lines():
            response = self.client.get(path)
        return response.status_code, _json(response)

    def post(self, path, body):
        with self._turns, _no_access_lines():
            response = self.client.post(path, json=body)
        return response.status_code, _json(response)


def _json(response):
    try:
        return response.json()
    except ValueError:
        return None


_quiet = {"depth": 0, "access": None}
_quiet_lock = threading.Lock()


@contextlib.contextmanager
def _no_access_lines():
    """Without ml_app's access line per request (thousands per notebook, for operators, not this
    table), restored when the last caller (of the harness' threads) is done."""
    from ml_app import logs
    with _quiet_lock:
        if _quiet["depth"] == 0:
            _quiet["access"], logs.access = logs.access, lambda *args, **kwargs: None
        _quiet["depth"] += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet["depth"] -= 1
            if _quiet["depth"] == 0:
                logs.access = _quiet["access"]


class Http:
    """A running service at `url` (http://127.0.0.1:PORT)."""

    def __init__(self, url, timeout=30):
        self.url, self.timeout = url.rstrip("/"), timeout

    def get(self, path):
        return self._call(urllib.request.Request(self.url + path))

    def post(self, path, body):
        return self._call(urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                                 headers={"Content-Type": "application/json"}))

    def _call(self, request):
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.loads(error.read() or b"null")
            except ValueError:
                return error.code, None


def request_fields(openapi) -> list:
    """The names of the single-row body of POST /prediction, in the document's order."""
    body = openapi["paths"]["/prediction"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    for schema in _alternatives(openapi, body):
        properties = schema.get("properties", {})
        if properties and "instances" not in properties:
            return list(properties)
    raise ValueError("POST /prediction's request body has no single-row object schema")


def _alternatives(openapi, schema):
    schema = _resolve(openapi, schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return [s for option in schema[key] for s in _alternatives(openapi, option)]
    if "allOf" in schema:
        merged = {"properties": {}}
        for part in schema["allOf"]:
            for option in _alternatives(openapi, part):
                merged["properties"].update(option.get("properties", {}))
        return [merged]
    return [schema]


def _resolve(openapi, schema):
    while "$ref" in schema:
        node = openapi
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def as_json_value(value):
    """A cell of the data as JSON carries it: numbers as numbers, text as text, missing as null."""
    if value is None:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def answer_of(prediction):
    """The served answer of one prediction object: its class label or its number."""
    if isinstance(prediction, dict):
        for key in ("prediction", "label", "class", "value"):
            if key in prediction:
                return prediction[key]
    return prediction


@dataclasses.dataclass
class Asked:
    """What the service said for the rows: answers in row order (None where refused)."""

    fields: list
    missing_fields: list  # fields the service asks for that the data has no column for
    answers: list
    refused: list  # (row position, the error message) for rows the service answered 4xx
    single_disagree: int = 0  # rows whose one-row answer differs from their batch answer
    positional: bool = False  # the fields were x0, x1, ...: the data's columns taken in order


def ask(client, rows, label=None) -> Asked:
    """Read the fields from /openapi.json, post `rows` (a DataFrame of the data) keyed by them."""
    status, openapi = client.get("/openapi.json")
    if status != 200:
        raise RuntimeError(f"GET /openapi.json answered {status}")
    fields = request_fields(openapi)
    rows, positional = as_positional(fields, rows, label)
    missing = [f for f in fields if f not in rows.columns]
    if missing:
        return Asked(fields, missing, [], [])
    bodies = [{f: as_json_value(row[f]) for f in fields} for _, row in rows[fields].iterrows()]
    answers, refused = [], []
    for start in range(0, len(bodies), BATCH):
        chunk = bodies[start:start + BATCH]
        status, reply = client.post("/prediction", {"instances": chunk})
        if status == 200:
            answers += [answer_of(p) for p in reply["predictions"]]
            continue
        for offset, body in enumerate(chunk):  # a refused batch: which rows, and why
            status, reply = client.post("/prediction", body)
            answers.append(answer_of(reply) if status == 200 else None)
            if status != 200:
                refused.append((start + offset, _error_text(reply, status)))
    asked = Asked(fields, [], answers, refused, positional=positional)
    for position, body in enumerate(bodies[:SINGLE_ROWS]):
        status, reply = client.post("/prediction", body)
        single, batch = answer_of(reply), answers[position]
        # the one-row path may sum in another order than the batch: a regressor's last bits may differ
        close = 1e-9 * max(1.0, abs(_number(batch) or 0.0)) if _number(batch) is not None else 0.0
        if status == 200 and not same_answer(single, batch, close):
            asked.single_disagree += 1
    return asked


def as_positional(fields, rows, label):
    """(rows, True) with the data's columns renamed x0, x1, ... when the service asks for exactly that
    many positional fields (a model fitted on numpy arrays names its columns so, and a user would
    send their first column as x0); else (rows, False)."""
    features = [c for c in rows.columns if c != label]
    if fields != [f"x{i}" for i in range(len(fields))] or set(fields) <= set(rows.columns) \
            or len(features) != len(fields):
        return rows, False
    return rows.rename(columns=dict(zip(features, fields))), True


def _error_text(reply, status):
    try:
        error = reply["error"]
        details = "; ".join(f"{d['field']}: {d['problem']}" for d in error.get("details", []))
        return f"{status} {error['message']}" + (f" ({details})" if details else "")
    except (TypeError, KeyError):
        return f"{status} {reply!r}"[:200]


def same_answer(a, b, tolerance=0.0) -> bool:
    """Two answers agree: equal labels (1, 1.0 and "1" are one label), or numbers within `tolerance`."""
    if a is None or b is None:
        return a is b
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return abs(na - nb) <= tolerance
    return str(a).strip() == str(b).strip()


def _number(value):
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


@dataclasses.dataclass
class Judged:
    """The served answers against the data's labels and against the notebook's own model."""

    task: str
    rows: int  # rows asked
    answered: int
    quality: float = None  # accuracy (share of labels right) or R² of the served answers
    own_quality: float = None  # the same measure of the notebook's own model on the same rows
    compared_quality: float = None  # the served answers' measure on exactly the rows own_quality is of
    compared: int = 0  # rows with a notebook answer to compare with
    disagree: int = 0  # silent wrong answers: served != the notebook's model on the same row
    examples: list = dataclasses.field(default_factory=list)  # a few (row, served, notebook's)
    note: str = ""
    refused_needed: int = 0  # refused rows the notebook's own model answered (or, with no reference, complete rows)

    @property
    def measure(self) -> str:
        return "R²" if self.task == "regression" else "accuracy"


def judge(task, truth, answers, reference=None, decode=None, aliases=None) -> Judged:
    """Score `answers` (served, in row order; None where refused) against `truth` (the data's labels)
    and against `reference` (the notebook model's answers on the same rows, None where unknown).
    `decode` maps the notebook's codes to the data's labels ({0: "Adelie"}) when it coded the label.
    `truth` None: the data has no such column (a label the notebook computed); no quality then.
    `aliases` names a data label otherwise ({0: "class_0"}: load_wine's target_names for its codes);
    a served alias is the label it names."""
    decode = decode or {}
    if aliases:
        answers = [_unalias(a, aliases) for a in answers]
    answered = [i for i, a in enumerate(answers) if a is not None]
    result = Judged(task, len(answers), len(answered))
    if not answered:
        return result
    if truth is not None:
        result.quality = _quality(task, [truth[i] for i in answered], [answers[i] for i in answered], decode)
    if reference is None:
        return result
    known = [i for i in answered if reference[i] is not None]
    result.compared = len(known)
    if not known:
        return result
    if truth is not None:
        result.own_quality = _quality(task, [truth[i] for i in known], [reference[i] for i in known], decode)
        result.compared_quality = _quality(task, [truth[i] for i in known], [answers[i] for i in known], decode)
    tolerance = 0.0
    if task == "regression":
        values = [_number(t) for t in (truth if truth is not None else [reference[i] for i in known])]
        values = [v for v in values if v is not None and not math.isnan(v)]
        spread = max(values) - min(values) if values else 1.0
        tolerance = REGRESSION_TOLERANCE * max(spread, 1.0)
    for i in known:
        served, own = answers[i], reference[i]
        if not (same_answer(served, own, tolerance) or same_answer(served, decode.get(_key(own)), tolerance)):
            result.disagree += 1
            if len(result.examples) < 3:
                result.examples.append((i, served, own))
    return result


def _unalias(answer, aliases):
    for label, alias in aliases.items():
        if answer is not None and same_answer(answer, alias):
            return label
    return answer


def _key(value):
    if hasattr(value, "item"):
        value = value.item()
    return value


def _quality(task, truth, answers, decode):
    import numpy as np
    if task == "regression":
        y = np.array([_number(t) for t in truth], dtype=float)
        p = np.array([_number(a) if _number(a) is not None else np.nan for a in answers], dtype=float)
        y, p = y[~np.isnan(y)], p[~np.isnan(y)]  # a row whose label the data lacks scores nothing
        total = float(np.sum((y - y.mean()) ** 2))
        return float(1 - np.nansum((y - p) ** 2) / total) if total else float("nan")
    right = [same_answer(a, t) or same_answer(decode.get(_key(a)), t) or same_answer(a, decode.get(_key(t)))
             for t, a in zip(truth, answers)]
    return float(np.mean(right))
