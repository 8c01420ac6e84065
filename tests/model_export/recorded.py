"""Run a small script with the training recorder installed, in its own interpreter, as the
generated script runs a notebook (the recorder wraps library classes as they are imported,
so a fresh process is the real case); the script prints one `SUMMARY <json>` line."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PRELUDE = """\
import json
from model_export import recorder
recorder.install()
"""


def run_recorded(folder, source, name="scenario", output=False):
    """Write PRELUDE + source to folder/name.py, run it, and return its summary (and, with
    output=True, what it printed)."""
    script = pathlib.Path(folder) / f"{name}.py"
    script.write_text(PRELUDE + source, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=folder, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("SUMMARY "))
    summary = json.loads(line[len("SUMMARY "):])
    return (summary, done.stdout) if output else summary
