"""Run `python SCRIPT ARGS` many times without paying for pandas, scikit-learn and matplotlib each time.

A corpus notebook's two steps (convert.py, then the generated script) spend nearly
all their CPU importing the same libraries. A fork server imports them once, then
forks a child per step: the child changes into the notebook's folder, sends its
stdout/stderr to files there, sets sys.argv, sys.path[0] and the environment as the
interpreter would, runs the script as __main__ with runpy and exits with the code
`python SCRIPT` would have (1 and a traceback on an uncaught exception). Every step
starts from the same freshly imported state, never from another notebook's.

    server = ForkServer().start()
    returncode = server.run(["convert.py", "nb.ipynb", "-o", "out.py"], folder, env, timeout=240)
    server.stop()

`returncode` is None when the step timed out (its process group is killed). With `then=PATH`, a
script that ran to its end is followed, in the same process, by PATH's `probe(namespace)` on the
script's globals (tests/corpus/probe.py: what the notebook's own model answered).
The protocol is one JSON line each way over the server's stdin/stdout.
"""
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]

#: What every step imports anyway; the server imports it before forking.
PRELOAD = ("numpy", "scipy", "pandas", "sklearn", "sklearn.base", "sklearn.model_selection", "sklearn.metrics",
           "sklearn.linear_model", "sklearn.neighbors", "sklearn.svm", "sklearn.tree", "sklearn.ensemble",
           "sklearn.naive_bayes", "sklearn.preprocessing", "sklearn.pipeline", "sklearn.datasets", "joblib",
           "matplotlib", "matplotlib.pyplot", "seaborn", "nbformat", "nbconvert", "convert")


class ForkServer:
    """A child process holding the preloaded libraries, forking one grandchild per step."""

    def __init__(self, python=sys.executable):
        self.python = python
        self.process = None

    def start(self):
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([self.python, __file__], cwd=ROOT, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        ready = self.process.stdout.readline()
        if ready.strip() != "ready":
            raise RuntimeError(f"fork server failed to start ({self.process.poll()})")
        return self

    def run(self, argv, folder, env, timeout, then=None):
        """Run `python *argv` in `folder` with `env`; its output goes to folder/<step>.stdout|.stderr."""
        request = {"argv": [str(a) for a in argv], "folder": str(folder), "env": dict(env), "timeout": timeout,
                   "then": None if then is None else str(then)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"fork server died ({self.process.poll()})")
        return json.loads(answer)["returncode"]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(30)


def _serve():
    """The server's loop: preload, say ready, then one forked step per request line."""
    for module in PRELOAD:
        try:
            __import__(module)
        except Exception:  # noqa: BLE001  (a module that does not import only costs its steps time)
            pass
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        print(json.dumps({"returncode": _fork_step(**request)}), flush=True)


def _fork_step(argv, folder, env, timeout, then=None):
    pid = os.fork()
    if pid == 0:
        _child(argv, folder, env, then)  # never returns
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            return None
        time.sleep(0.02)


def _child(argv, folder, env, then=None):
    """Become `python *argv` run from `folder`, then exit with its code (after `then`'s probe of its
    globals when it ran to its end)."""
    import atexit
    import runpy
    import traceback

    os.setpgid(0, 0)
    code = 1
    try:
        os.chdir(folder)
        step = pathlib.Path(argv[0]).stem
        stdin = os.open(os.devnull, os.O_RDONLY)  # not the server's request pipe: input() gets EOF, as headless
        os.dup2(stdin, 0)
        os.close(stdin)
        sys.stdin = open(0, closefd=False)
        for fd, suffix in ((1, "stdout"), (2, "stderr")):
            target = os.open(f"{step}.{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        os.environ.clear()
        os.environ.update(env)
        script = os.path.abspath(argv[0])
        sys.argv = [argv[0], *argv[1:]]
        sys.path[0] = os.path.dirname(script)
        try:
            namespace = runpy.run_path(script, run_name="__main__")
            code = 0
            if then:
                runpy.run_path(then, run_name="__probe__")["probe"](namespace)
        except SystemExit as stop:
            code = _exit_code(stop.code)
        except BaseException:  # noqa: BLE001  (what the interpreter does with an uncaught exception)
            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001  (a closed stream must not change the exit code)
                pass
        os._exit(code)


def _exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


if __name__ == "__main__":
    _serve()
