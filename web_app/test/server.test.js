'use strict';
/** server.js as a process: settings from the environment, and a graceful stop. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const path = require('node:path');
const { freePort, waitForStatus, startSilentServer } = require('./helpers/processes');

const { SETOSA } = require('./helpers/contract');

test('SIGTERM lets the request in flight finish, then the server exits 0', async (t) => {
  const silent = await startSilentServer();
  t.after(() => silent.close());
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(__dirname, '..', 'server.js')], {
    env: { ...process.env, WEB_HOST: '127.0.0.1', WEB_PORT: String(port), ML_URL: silent.url, ML_TIMEOUT_MS: '1500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => { output += chunk; });
  const exited = once(server, 'exit');
  t.after(() => server.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(`${url}/health`, { timeoutMs: 15000, gone: () => server.exitCode !== null });
  // At start the server asks ml_app for its contract; the silent peer lets that time out first
  // (and, never reading, keeps counting that connection).
  for (let polls = 0; !output.includes('model contract not loaded yet') && polls < 300; polls += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.match(output, /model contract not loaded yet/, 'the start-up GET /model gave up within ML_TIMEOUT_MS');
  const before = silent.connections();

  const inFlight = fetch(`${url}/api/predict`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SETOSA),
  });
  for (let polls = 0; silent.connections() === before && polls < 100; polls += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(silent.connections(), before + 1, 'the prediction is waiting on ml_app');
  server.kill('SIGTERM');
  const res = await inFlight;
  assert.equal(res.status, 504, 'the request in flight got its answer');
  const [code] = await exited;
  assert.equal(code, 0);
  const lines = output.trim().split('\n').map((line) => JSON.parse(line));
  assert.ok(lines.some((entry) => entry.msg === 'shutting down' && entry.signal === 'SIGTERM'));
  assert.ok(lines.some((entry) => entry.msg === 'request' && entry.path === '/api/predict' && entry.status === 504),
    'access logs are JSON lines');
});
