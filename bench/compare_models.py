"""One-row speed of ml_app on two models in the same run: Iris against another (issue 17: a
model with mixed numeric and category inputs must reach at least 80% of the Iris rate).

    python bench/compare_models.py IRIS_MODEL_DIR OTHER_MODEL_DIR [--seconds 5] [--repeats 3]

Each repeat starts ml_app fresh on each model in turn (interleaved, so a busy neighbour hurts
both alike), pinned as bench/run.py pins it, warms it up for 1 s, then loads it with one-row
bodies made from that model's artifact (bench/payloads.py) at 16 connections; the medians and
their ratio are printed, and the exit status is 1 below the target or on any non-2xx answer.
"""
import argparse
import pathlib
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import payloads, servers, wrk  # noqa: E402  (needs the path above)
from bench.run import cpu_plan  # noqa: E402

TARGET = 0.8
CONNECTIONS = 16


def measure(model: pathlib.Path, work: pathlib.Path, seconds: int, plan: dict) -> float:
    """Requests/s of one fresh server on `model`, one-row bodies at CONNECTIONS connections."""
    bodies = payloads.write(work / model.name, model)
    with servers.started(servers.ML_APP, plan["server"], model, work / f"{model.name}.log") as server:
        url = server.url + "/prediction"
        wrk.run(url, bodies["single"], CONNECTIONS, 1, plan["wrk"])
        report = wrk.run(url, bodies["single"], CONNECTIONS, seconds, plan["wrk"])
    if not report.clean:
        sys.exit(f"bench: {model}: {report.non_2xx} non-2xx answers, {report.socket_errors} socket errors")
    return report.requests_per_s


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("iris", type=pathlib.Path)
    parser.add_argument("other", type=pathlib.Path)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    plan = cpu_plan()
    rates = {args.iris: [], args.other: []}
    with tempfile.TemporaryDirectory() as folder:
        for repeat in range(args.repeats):
            for model in rates:
                rates[model].append(measure(model.resolve(), pathlib.Path(folder), args.seconds, plan))
                print(f"repeat {repeat + 1}: {model}: {rates[model][-1]:,.0f} req/s", file=sys.stderr)
    iris, other = (statistics.median(rates[m]) for m in rates)
    ratio = other / iris
    print(f"{plan['note']}; one row, {CONNECTIONS} connections, median of {args.repeats} x {args.seconds} s")
    print(f"Iris ({args.iris}): {iris:,.0f} req/s; other ({args.other}): {other:,.0f} req/s; "
          f"ratio {ratio:.2f} ({'PASS' if ratio >= TARGET else 'MISS'}, target {TARGET:.0%})")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
