'use strict';
/**
 * Real processes for the tests: ml_app started the way build.sh starts it,
 * the web app on a free loopback port, and small real peers (a closed port,
 * a server that never answers). Every wait is bounded.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { once } = require('node:events');
const { createApp } = require('../../app');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUILD_SH = path.join(ROOT, 'build.sh');
const ML_READY_TIMEOUT_MS = 120000;
const WRITE_ARTIFACTS = path.join(__dirname, '..', 'fixtures', 'write_artifacts.py');
const ARTIFACTS_TIMEOUT_MS = 120000;

/** A TCP port nobody listens on right now (bound, then released). */
async function freePort(host = '127.0.0.1') {
  const server = net.createServer().listen(0, host);
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Poll `url` until it answers `status`, at most `timeoutMs`, giving up early
 * when `gone()` says the server process has exited; throws with `why()`.
 */
async function waitForStatus(url, { status = 200, timeoutMs = 30000, why = () => '', gone = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline && attempt < 10000 && !gone(); attempt += 1) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms. ${why()}`);
}

/**
 * Run a build.sh subcommand as its own process group (so stopping it stops
 * gunicorn's workers too), keeping its output for diagnostics.
 */
function spawnBuildSh(subcommand, env) {
  const child = spawn('bash', [BUILD_SH, subcommand], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = once(child, 'exit');
  return { child, exited, output: () => output };
}

/** Send a signal to a whole process group, ignoring one that is already gone. */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

/** SIGTERM a process group, then SIGKILL it if it has not exited after `graceMs`. */
async function stopGroup(proc, graceMs = 10000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  signalGroup(proc.child, 'SIGCONT');
  signalGroup(proc.child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(proc.child, 'SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

/**
 * Start a real ml_app (`build.sh serve-ml`) on host:port and wait until /ready is 200.
 * Returns { url, host, port, output(), stop(), pause(), resume() }; pause freezes
 * the gunicorn master and workers (SIGSTOP) so ml_app hangs like a stuck service.
 */
async function startMlApp({ host = '127.0.0.1', port, env = {} } = {}) {
  const mlPort = port ?? await freePort(host);
  const proc = spawnBuildSh('serve-ml', { ML_HOST: host, ML_PORT: String(mlPort), ...env });
  const url = `http://${host}:${mlPort}`;
  try {
    await waitForStatus(`${url}/ready`, {
      timeoutMs: ML_READY_TIMEOUT_MS, why: () => `ml_app said:\n${proc.output()}`, gone: () => proc.child.exitCode !== null,
    });
  } catch (err) {
    await stopGroup(proc);
    throw err;
  }
  return {
    url,
    host,
    port: mlPort,
    output: proc.output,
    stop: () => stopGroup(proc),
    pause: () => signalGroup(proc.child, 'SIGSTOP'),
    resume: () => signalGroup(proc.child, 'SIGCONT'),
  };
}

/**
 * Build the format 2 artifacts of test/fixtures/write_artifacts.py (with ml_app's own test
 * builders and the project's Python, $VENV as build.sh finds it) into a fresh temporary
 * folder. Returns { penguins, mass, imputed, kinds, remove() }: the folders to give ml_app as MODEL_DIR.
 */
function buildArtifacts() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'web-artifacts-'));
  const python = path.join(process.env.VENV || path.join(ROOT, '.venv'), 'bin', 'python');
  execFileSync(python, [WRITE_ARTIFACTS, out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: ARTIFACTS_TIMEOUT_MS });
  return {
    penguins: path.join(out, 'penguins'),
    mass: path.join(out, 'penguin-mass'),
    imputed: path.join(out, 'mass-imputed'),
    kinds: path.join(out, 'penguin-kinds'),
    remove: () => fs.rmSync(out, { recursive: true, force: true }),
  };
}

/**
 * Run the web app in this process on a free port with `options` for createApp.
 * Log entries are collected in `logs`. Returns { url, logs, app, close() }.
 */
async function startWebApp(options) {
  const logs = [];
  const app = createApp({ log: (entry) => logs.push(entry), ...options });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${server.address().port}`;
  async function close() {
    app.locals.ml.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return { url, logs, app, close };
}

/**
 * A real peer that accepts connections and never answers: what a hung
 * ml_app looks like from the outside. Returns { url, connections(), close() }.
 */
async function startSilentServer() {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connections: () => sockets.size,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

module.exports = {
  freePort, waitForStatus, spawnBuildSh, stopGroup, startMlApp, startWebApp, startSilentServer, buildArtifacts,
};
