"""The names the notebook holds an estimator under, for the recorder to name what it saw fitted.

A recorded fit is named as the notebook names it (`knn`, `models['svc']`, `self.clf`, the target of
`model = SVC().fit(X, y)`), so that the export's messages and its leaderboard speak the notebook's
words. The recording (recording.py) asks these at each call and when it stops; they read a namespace
or the script's text and never the recording itself, which is why they are apart: a new place a
notebook keeps its models (a deeper container, another wrapper) is taught here.

Standard library only: this file is bundled into generated scripts.
"""
import ast


def bound_names(value, namespace):
    """The public names bound to `value` in a namespace."""
    return [n for n, v in list(namespace.items()) if v is value and not n.startswith("_")]


def attribute_names(estimator, namespace, module):
    """`iris_model.model`, `self.clf`: the estimator as an attribute of an object of a class the
    notebook defines (a wrapper whose own code fits it)."""
    found = []
    for name, value in list(namespace.items()):
        if type(value).__module__ == module and not isinstance(value, type):
            found += [f"{name}.{key}" for key, item in list(getattr(value, "__dict__", {}).items()) if item is estimator]
    return found


def container_names(estimator, namespace):
    """`models['knn']`, `models[2]` for an estimator held one level inside a dict or list the
    notebook keeps (and `pairs[0][1]` inside a list of (name, model) tuples)."""
    found = []
    for name, value in list(namespace.items()):
        if name.startswith("_"):
            continue
        if isinstance(value, dict) and len(value) <= 1000:
            found += [f"{name}[{key!r}]" for key, item in list(value.items()) if item is estimator]
        elif isinstance(value, (list, tuple)) and len(value) <= 1000:
            for i, item in enumerate(value):
                if item is estimator:
                    found.append(f"{name}[{i}]")
                elif isinstance(item, tuple) and any(x is estimator for x in item):
                    label = next((x for x in item if isinstance(x, str)), None)
                    found.append(f"{name}[{label!r}]" if label else f"{name}[{i}]")
    return found


def assignment_targets(script):
    """{line: targets as source text} of the script's assignments of a `.fit(...)` call's result, for
    every line each statement spans (`m = Estimator(...).fit(...)`: fit returns the estimator, and the
    name is bound only after the call); {} when the script cannot be read or parsed."""
    statements = {}
    try:
        with open(script, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError):
        tree = ast.Module(body=[], type_ignores=[])
    for node in ast.walk(tree):  # `m = Estimator(...).fit(...)`: fit returns the estimator
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call) \
                and getattr(node.value.func, "attr", None) == "fit":
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            texts = [ast.unparse(t) for t in targets if isinstance(t, (ast.Name, ast.Attribute, ast.Subscript))]
            for number in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                statements.setdefault(number, texts)
    return statements
