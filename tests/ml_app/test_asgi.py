"""ml_app/asgi.py: the application a gunicorn worker imports, in a process of its own as a worker is."""
import json
import os
import subprocess
import sys

from ml_support import ROOT

PROBE = """
import gc, json
gc.disable()  # as gunicorn.conf.py leaves the master's collector while it imports and loads
import ml_app.asgi
print(json.dumps({"enabled": gc.isenabled(), "threshold": gc.get_threshold()[0], "frozen": gc.get_freeze_count() > 0}))
"""


def test_a_worker_collects_cycles_with_the_stack_frozen_out_of_it(model_dir):
    env = {**os.environ, "MODEL_DIR": str(model_dir)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"enabled": True, "threshold": 10_000, "frozen": True}
