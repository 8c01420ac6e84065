"""What happened to one notebook (an Outcome) and the verdict on it: served at its own quality,
served wrong (a silent wrong answer), refused rows, unjudged, stopped or failed; and whether that is
what its metadata promised.

Apart from running the steps (build_steps.py) and asking the service (scoring.py) because every
runner (harness.py, real_notebooks.py, real_iris_notebooks.py) and the report (report.py) weighs
its outcomes by these rules alone: a change to what counts as served is made here.
"""
import dataclasses

import notebook_specs  # tests/corpus/notebook_specs.py: what the notebook promised
import served  # tests/corpus/served.py: the Judged answers of a table

#: A notebook that serves must be right on at least this share of the 150 flowers.
SERVE_ACCURACY = 0.9
#: A table's served quality may trail the notebook's by this much when no row could be compared.
QUALITY_SLACK = 0.02


@dataclasses.dataclass
class Outcome:
    """What happened to one notebook: served (with its accuracy) or where it stopped and why."""

    spec: notebook_specs.Spec
    stage: str  # "served", or the stage that stopped it: "packages", "convert", "run", "load"
    message: str = ""
    accuracy: float = None
    clean: bool = True  # stopped with its own one-line message (no traceback, no timeout)
    seconds: float = 0.0
    model: str = ""  # what was served: model.json's estimator, and how many candidates it was chosen from
    judged: served.Judged = None  # a table's answers judged (served.judge); None for Iris

    @property
    def served(self) -> bool:
        return self.stage == "served"

    @property
    def silent_wrong(self) -> int:
        """Rows answered differently from the notebook's own model (Iris: flowers named wrong, if < 90%)."""
        if not self.served:
            return 0
        if self.judged is None:
            return 0 if self.accuracy >= SERVE_ACCURACY else round((1 - self.accuracy) * 150)
        return self.judged.disagree

    @property
    def verdict(self) -> str:
        """One of: served (at the notebook's own quality), served wrong (a silent wrong answer),
        refused rows (some of its own rows answered 4xx), stopped (a clean message), failed."""
        if not self.served:
            return "stopped" if self.clean else "failed"
        if self.judged is None:
            return "served" if self.accuracy >= SERVE_ACCURACY else "served wrong"
        if self.judged.disagree:
            return "served wrong"
        if self.judged.refused_needed or not self.judged.answered:
            return "refused rows"
        served = self.judged.compared_quality if self.judged.compared else self.accuracy
        if not self.judged.compared and (served is None or self.judged.own_quality is None):
            return "unjudged"  # no row compared with the notebook's model, and no quality to weigh: not served
        if served is not None and self.judged.own_quality is not None \
                and served < self.judged.own_quality - QUALITY_SLACK:
            return "served wrong"  # worse on the data's own labels than the notebook's model, rows matched or not
        return "served"

    @property
    def as_expected(self) -> bool:
        """The notebook did what its metadata says: served >= 90%, or stopped with its message."""
        if self.spec.expect == "serves":
            return self.verdict == "served"
        return not self.served and self.spec.message.lower() in self.message.lower()

    def line(self) -> str:
        result = (f"{self.verdict} {self.describe()} ({self.model})" if self.served
                  else f"{self.verdict} at {self.stage}: {self.message}")
        mark = "ok  " if self.as_expected else "MISS"
        return f"{mark} {self.spec.name:<34} {self.spec.category:<18} {result}  ({self.seconds:.0f}s)"


    def describe(self) -> str:
        """'0.973' for Iris; 'accuracy 0.96 (notebook 0.96), 0 of 333 rows differ' for a table."""
        if self.judged is None:
            return f"{self.accuracy:.3f}"
        j = self.judged
        own = "" if j.own_quality is None else f" (notebook {j.own_quality:.3f})"
        quality = (f"{j.measure} {j.quality:.3f}{own}" if j.quality is not None else
                   "no answers" if not j.answered else f"{j.answered} answers, no label in the data to score")
        parts = [quality, f"{j.disagree} of {j.compared} rows differ from the notebook's model"]
        if j.answered < j.rows:
            parts.append(f"{j.rows - j.answered} of {j.rows} rows refused ({j.refused_needed} that the notebook's "
                         f"model answered): {self.message}")
        if j.examples:
            parts.append("e.g. " + ", ".join(f"row {i}: {a!r} not {b!r}" for i, a, b in j.examples))
        if j.note:
            parts.append(j.note)
        return "; ".join(parts)
