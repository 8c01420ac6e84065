"""Reducing repeats to medians, comparing with the baseline, and printing the table."""
import statistics
from dataclasses import dataclass
from typing import Callable, Optional

#: Rows whose ratio to the baseline means nothing (a count set by configuration).
NO_RATIO = {"workers"}

#: The rows of the table: figure key, label, number format.
ROWS = (
    ("c1.requests_per_s", "req/s, 1 connection", "{:,.0f}"),
    ("c1.p50_ms", "p50 latency (ms), 1 connection", "{:.2f}"),
    ("c1.p99_ms", "p99 latency (ms), 1 connection", "{:.2f}"),
    ("c1.cpu_us_per_request", "server CPU/request (us), 1 conn.", "{:,.0f}"),
    ("c16.requests_per_s", "req/s, 16 connections", "{:,.0f}"),
    ("c16.p50_ms", "p50 latency (ms), 16 connections", "{:.2f}"),
    ("c16.p99_ms", "p99 latency (ms), 16 connections", "{:.2f}"),
    ("c16.cpu_us_per_request", "server CPU/request (us), 16 conn.", "{:,.0f}"),
    ("batch.rows_per_s", "batch rows/s (1,000-row requests, 4 conn.)", "{:,.0f}"),
    ("batch.p99_ms", "batch p99 latency (ms)", "{:.1f}"),
    ("startup_s", "spawn to first 200 on /ready (s)", "{:.2f}"),
    ("startup.config_s", "  of which: config read, ml_app imported", "{:.2f}"),
    ("startup.listening_s", "  model loaded, socket bound", "{:.2f}"),
    ("startup.forked_s", "  first worker forked", "{:.2f}"),
    ("startup.serving_s", "  that worker serving", "{:.2f}"),
    ("workers", "workers", "{:.0f}"),
    ("worker_rss_max_mib", "RSS per worker, largest (MiB)", "{:.1f}"),
)

#: Issue 12's figures for the naive baseline (server on one core, wrk on the other; mid-range).
REFERENCE_BASELINE = {
    "c1.requests_per_s": 1805,
    "c16.requests_per_s": 1860,
    "c16.p99_ms": 13.5,
    "c16.cpu_us_per_request": 545,
}
#: Batch throughput before ml_app moved to the event loop, as measured when issue 12's
#: targets were set (on a machine then faster: its baseline did 1,800 req/s). The target is
#: judged against the `before` server of the same run instead; this is shown for reference.
BATCH_ROWS_BEFORE = 732_590


@dataclass(frozen=True)
class Target:
    """One goal for ml_app, either relative to the baseline or absolute."""

    label: str
    key: str
    relative: bool
    passes: Callable[[float], bool]
    fmt: str = "{:.2f}x"
    #: The server of the same run a relative goal compares with.
    against: str = "baseline"

    def value(self, ml_app: dict, other: Optional[dict]) -> Optional[float]:
        """The figure the goal is judged on: ml_app's, or its ratio to the other server's."""
        mine = ml_app.get(self.key)
        if not self.relative:
            return mine
        theirs = (other or {}).get(self.key)
        return mine / theirs if mine is not None and theirs else None


#: Issue 19's targets, with access logging and metrics on (ml_app's defaults): issue 12's
#: single-row goals raised, and start-up and batch throughput as absolute figures (the table
#: shows them against the baseline and the `before` server of the same run too).
TARGETS = (
    Target("req/s at 16 connections >= 10x baseline", "c16.requests_per_s", True, lambda r: r >= 10),
    Target("req/s at 1 connection >= 5x baseline", "c1.requests_per_s", True, lambda r: r >= 5),
    Target("p99 at 16 connections <= 1.5 ms", "c16.p99_ms", False, lambda v: v <= 1.5, "{:.2f} ms"),
    Target("batch rows/s >= 1,000,000", "batch.rows_per_s", False, lambda v: v >= 1_000_000, "{:,.0f}"),
    Target("ready <= 0.5 s after spawn", "startup_s", False, lambda v: v <= 0.5, "{:.2f} s"),
)


def medians(runs: list) -> dict:
    """Key by key median over the repeats (keys missing from a run are skipped)."""
    keys = {key for run in runs for key in run}
    return {key: statistics.median(run[key] for run in runs if run.get(key) is not None)
            for key in sorted(keys) if any(run.get(key) is not None for run in runs)}


def verdicts(summary: dict) -> list:
    """PASS/MISS for each target (n/a when a figure is missing, e.g. with --only)."""
    ml_app = summary.get("ml_app")
    results = []
    for target in TARGETS:
        value = target.value(ml_app, summary.get(target.against)) if ml_app else None
        status = "n/a" if value is None else ("PASS" if target.passes(value) else "MISS")
        shown = "-" if value is None else target.fmt.format(value)
        results.append({"target": target.label, "value": value, "shown": shown, "status": status})
    return results


def table(summary: dict, verdict_list: list, heading: str) -> str:
    """The comparison table and the target verdicts, as printable text."""
    names = [n for n in ("ml_app", "baseline", "before") if n in summary]
    ratios = [n for n in ("baseline", "before") if n in summary and "ml_app" in summary]
    header = f"{'':44}" + "".join(f"{n:>12}" for n in names)
    header += "".join(f"{'/' + n:>10}" for n in ratios) + f"{'reference':>12}"
    lines = [heading, "", header]
    for key, label, fmt in ROWS:
        cells = [_cell(summary[n].get(key), fmt) for n in names]
        line = f"{label:44}" + "".join(f"{c:>12}" for c in cells)
        for other in ratios:
            mine, theirs = summary["ml_app"].get(key), summary[other].get(key)
            comparable = key not in NO_RATIO and mine is not None and theirs
            line += f"{(f'{mine / theirs:.2f}x' if comparable else '-'):>10}"
        line += f"{_cell(REFERENCE_BASELINE.get(key), fmt):>12}"
        lines.append(line)
    lines += ["", "/baseline, /before: ml_app's figure over theirs, same run. reference: the issue's baseline",
              "figures on the reference machine (not this run); when the targets were set, ml_app before",
              f"the event loop did {BATCH_ROWS_BEFORE:,} batch rows/s on a machine then faster.", ""]
    for verdict in verdict_list:
        lines.append(f"  {verdict['status']:4}  {verdict['target']:44} {verdict['shown']}")
    return "\n".join(lines)


def _cell(value, fmt: str) -> str:
    """A formatted number, or '-' for a missing one."""
    return "-" if value is None else fmt.format(value)
