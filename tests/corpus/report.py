"""The table of causes: the outcomes of many notebooks counted by category and verdict, the
issues' measure in one sentence, and every notebook that did not do what it should (markdown).

Apart from the verdict on one notebook (verdicts.py) because it only counts and words them;
printed by `harness.py --report` and `real_notebooks.py --report` (docs/corpus.md's tables).
"""
import collections
import re

#: Issue 11 asks every remaining failure to say which cell (and line) to change.
NAMES_A_CELL = re.compile(r"\bcell \d+")


def report(outcomes) -> str:
    """The table of causes: per category, how many served (at the notebook's own quality: >= 90% of
    the flowers for Iris; for a table every row answered, none differently from the notebook's
    model), stopped with a message, failed, refused some of their own rows, served wrong (silent
    wrong answers, and how many rows), unjudged (served, but no row could be compared with the notebook's model
    and no quality weighed: never counted as served); then every notebook that did not do what it should, with
    its message, marked when the message names no cell (markdown)."""
    by_category = collections.defaultdict(list)
    for result in outcomes.values():
        by_category[result.spec.category].append(result)
    rows = ["| category | notebooks | served at its own quality | stopped with a message | failed | refused rows "
            "| served wrong | silent wrong rows | unjudged | as expected |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    totals = collections.Counter()
    for category in sorted(by_category):
        counts = collections.Counter(r.verdict for r in by_category[category])
        counts["notebooks"] = len(by_category[category])
        counts["as expected"] = sum(r.as_expected for r in by_category[category])
        counts["silent wrong rows"] = sum(r.silent_wrong for r in by_category[category])
        totals.update(counts)
        rows.append(_row(category, counts))
    rows.append(_row("**all**", totals))
    misses = [r for r in outcomes.values() if not r.as_expected]
    lines = rows + ["", _summary(outcomes.values()), "", f"Not as expected: {len(misses)} of {len(outcomes)}."]
    for result in misses:
        wanted = "serve at its own quality" if result.spec.expect == "serves" else f"stop with '{result.spec.message}'"
        if result.served and result.judged is None:
            got = f"served {result.model}, {result.accuracy:.1%} of the flowers right"
        elif result.served:
            got = f"{result.verdict} {result.model}: {result.describe()}"
        else:
            got = f"{result.verdict} at {result.stage}: {result.message}"
        if not result.served and not NAMES_A_CELL.search(result.message):
            got += " *(names no cell)*"
        lines.append(f"- `{result.spec.name}` ({result.spec.category}; should {wanted}): {got}")
    return "\n".join(lines)


def _summary(results) -> str:
    """The issues' measure: the share served at their own quality, of those meant to serve, and the
    silent wrong answers."""
    results = list(results)
    serving = [r for r in results if r.spec.expect == "serves"]
    stopping = [r for r in results if r.spec.expect == "stops"]
    served = sum(r.verdict == "served" for r in results)
    wrong = [r for r in results if r.verdict == "served wrong"]
    return (f"Served at their own quality: {served} of {len(results)} notebooks ({served / max(1, len(results)):.0%}); "
            f"of the {len(serving)} meant to serve, {sum(r.as_expected for r in serving)} "
            f"({sum(r.as_expected for r in serving) / max(1, len(serving)):.0%}); "
            f"of the {len(stopping)} meant to stop, {sum(r.as_expected for r in stopping)} stopped with their message. "
            f"Silent wrong answers: {len(wrong)} notebooks, {sum(r.silent_wrong for r in results)} rows.")


def _row(category, counts) -> str:
    keys = ("notebooks", "served", "stopped", "failed", "refused rows", "served wrong", "silent wrong rows",
            "unjudged", "as expected")
    return "| " + " | ".join([category, *(str(counts.get(k, 0)) for k in keys)]) + " |"
