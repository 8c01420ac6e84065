"""What our overrides of upstream internals depend on, recorded so that an upgrade names what to re-read.

ml_app/protocol.py subclasses uvicorn's HttpToolsProtocol and replaces some of
its methods, worker.py replaces UvicornWorker._serve, gunicorn.conf.py wraps
Arbiter.stop, metrics.py swaps prometheus_client's ValueClass, numpy_proba.py
repeats scikit-learn's formulas, and so on: tests/upstream.json lists each
upstream method or attribute we rely on, who relies on it and how, with its
signature and a fingerprint of its source (sha256 of the code with comments,
docstrings and layout normalised away). Pins hold it all today; after an
upgrade this test fails, naming each changed method, where we depend on it,
and the versions before and after. Re-read it, adapt our code, then record
the new state:

    python tests/test_upstream.py --update

New overrides of HttpToolsProtocol, UvicornWorker or uvicorn's Server, and
their private helpers we call, are found by reading our classes; they must
be listed in tests/upstream.json too.
"""
import ast
import functools
import hashlib
import importlib
import importlib.metadata
import inspect
import json
import pathlib
import re
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORD = ROOT / "tests" / "upstream.json"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the repository: ml_app


def resolve(name: str):
    """The object called `module:qualified.name`."""
    module, _, qualname = name.partition(":")
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _without_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def fingerprint(obj) -> str:
    """sha256 of obj's source without comments, docstrings and layout; of its repr for a plain value."""
    if inspect.isroutine(obj) or inspect.isclass(obj):
        source = textwrap.dedent(inspect.getsource(inspect.unwrap(obj)))
        text = ast.unparse(_without_docstrings(ast.parse(source)))
    else:
        text = repr(obj)
    return hashlib.sha256(text.encode()).hexdigest()


def signature(obj) -> str:
    if not callable(obj):
        return f"value {obj!r}"
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(no signature)"


@functools.cache
def _distributions() -> dict:
    return importlib.metadata.packages_distributions()


def distribution(name: str) -> str:
    """`package version` of the distribution that provides name's module."""
    top = name.split(":")[0].split(".")[0]
    dist = _distributions()[top][0]
    return f"{dist} {importlib.metadata.version(dist)}"


def observe(name: str) -> dict:
    obj = resolve(name)
    return {"signature": signature(obj), "sha256": fingerprint(obj), "version": distribution(name)}


def recorded() -> list:
    return json.loads(RECORD.read_text())["guarded"]


def test_every_guarded_upstream_method_is_as_recorded():
    changed = []
    for entry in recorded():
        try:
            now = observe(entry["name"])
        except (ImportError, AttributeError) as exc:
            changed.append(f"{entry['name']} is gone ({exc}), used by {entry['used_by']}: {entry['how']}")
            continue
        what = [f"signature {entry.get('signature')} -> {now['signature']}"] if now["signature"] != entry.get("signature") else []
        what += ["source changed"] if now["sha256"] != entry.get("sha256") else []
        if what:
            changed.append(f"re-read {entry['name']} ({entry.get('version')} -> {now['version']}: "
                           f"{'; '.join(what)}), used by {entry['used_by']}: {entry['how']}")
    assert not changed, ("upstream code we depend on changed:\n  " + "\n  ".join(changed)
                         + "\nonce our code is adapted: python tests/test_upstream.py --update")


def _subclasses():
    """(our class, the upstream class it extends, the file it is in)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    from uvicorn.server import Server
    from uvicorn_worker import UvicornWorker

    from ml_app.protocol import GuardedProtocol
    from ml_app.worker import DrainingServer, Worker

    return [(GuardedProtocol, HttpToolsProtocol), (Worker, UvicornWorker), (DrainingServer, Server)]


def test_every_upstream_method_our_subclasses_override_or_use_is_guarded():
    guarded = {id(inspect.unwrap(resolve(entry["name"]))) for entry in recorded()}
    missing = []
    for ours, theirs in _subclasses():
        used = set(vars(ours)) | set(re.findall(r"\bself\.(\w+)", inspect.getsource(ours)))
        for name in sorted(used):
            upstream = next((cls for cls in theirs.__mro__ if name in vars(cls)), None)
            if upstream is None or upstream.__module__ in ("builtins", "asyncio.protocols") \
                    or not inspect.isfunction(vars(upstream)[name]):
                continue
            if id(vars(upstream)[name]) not in guarded:
                missing.append(f"{ours.__qualname__} uses {upstream.__module__}:{upstream.__qualname__}.{name}")
    assert not missing, f"add to tests/upstream.json, then run python tests/test_upstream.py --update: {missing}"


def update() -> None:
    """Record every guarded entry's current signature, fingerprint and version."""
    entries = [{**entry, **observe(entry["name"])} for entry in recorded()]
    RECORD.write_text(json.dumps({"guarded": entries}, indent=1) + "\n")
    print(f"recorded {len(entries)} upstream methods and attributes in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_upstream.py --update")
    update()
