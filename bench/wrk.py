"""Running Debian's wrk with bench/post.lua and reading its `--latency` report."""
import os
import pathlib
import re
import subprocess
from dataclasses import dataclass

LUA_SCRIPT = pathlib.Path(__file__).with_name("post.lua")
#: A 1,000-row batch takes milliseconds; wrk's default 2 s socket timeout is kept
#: far away so a slow server shows up as latency, not as dropped requests.
SOCKET_TIMEOUT = "10s"
_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


class WrkError(RuntimeError):
    """wrk did not produce a report (server gone, wrk missing or killed)."""


@dataclass(frozen=True)
class WrkReport:
    """The figures of one wrk run; latencies in milliseconds."""

    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def clean(self) -> bool:
        """Every request answered 2xx without a socket error: the figures mean something."""
        return self.non_2xx == 0 and self.socket_errors == 0


def run(url: str, body_file: pathlib.Path, connections: int, seconds: int, cpu_prefix: list) -> WrkReport:
    """Load `url` for `seconds` with `connections` keep-alive connections on one wrk thread.

    `cpu_prefix` pins wrk (e.g. ["taskset", "-c", "1"]) away from the server's core.
    """
    command = [*cpu_prefix, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
               f"--timeout={SOCKET_TIMEOUT}", "-s", str(LUA_SCRIPT), url]
    env = {**os.environ, "BENCH_BODY": str(body_file)}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 30)
    except subprocess.TimeoutExpired as exc:
        raise WrkError(f"wrk ran past its {seconds}s test by 30s and was killed") from exc
    if done.returncode != 0 or "Requests/sec:" not in done.stdout:
        raise WrkError(f"wrk failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}")
    return parse(done.stdout)


def parse(text: str) -> WrkReport:
    """Read the figures out of wrk 4's `--latency` text report."""
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),", text, re.M)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return WrkReport(
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2), total.group(3)) / 1e3,
        requests_per_s=float(re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1)),
        p50_ms=_percentile(text, "50"),
        p99_ms=_percentile(text, "99"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
    )


def _percentile(text: str, percent: str) -> float:
    """One line of the 'Latency Distribution' block, in milliseconds."""
    block = text.split("Latency Distribution", 1)[1]
    number, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", block, re.M).groups()
    return _milliseconds(number, unit)


def _milliseconds(number: str, unit: str) -> float:
    """wrk prints durations with a unit suffix (us, ms, s, m, h)."""
    return float(number) * _TIME_UNITS[unit]
