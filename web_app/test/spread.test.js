'use strict';
/**
 * Scaled ml_app: one name, several addresses. Two real ml_app replicas listen
 * on 127.0.0.2 and 127.0.0.3 (same port, as replicas behind one DNS name
 * would); the web app's resolver is given that two-address answer, as
 * docker compose's DNS gives it for `--scale ml_app=2`.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { freePort, startMlApp, startWebApp } = require('./helpers/processes');

const { SETOSA } = require('./helpers/contract');
const ADDRESSES = ['127.0.0.2', '127.0.0.3'];
const ML_ENV = { WEB_CONCURRENCY: '1' };
let replicas = [];
let web;

/** DNS for `ml-app`: both replicas' addresses, like a scaled compose service. */
function replicaLookup(host, options, callback) {
  callback(null, ADDRESSES.map((address) => ({ address, family: 4 })));
}

test.before(async () => {
  const port = await freePort('127.0.0.2');
  replicas = await Promise.all(ADDRESSES.map((host) => startMlApp({ host, port, env: ML_ENV })));
  web = await startWebApp({ mlUrl: `http://ml-app:${port}`, lookup: replicaLookup, timeoutMs: 5000 });
});
test.after(async () => {
  await web?.close();
  await Promise.all(replicas.map((replica) => replica.stop()));
});

/** Make `n` predictions one after another; returns their statuses. */
async function predictMany(n) {
  const statuses = [];
  for (let i = 0; i < n; i += 1) {
    const res = await fetch(`${web.url}/api/predict`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SETOSA),
    });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

test('requests are spread over every address the ml_app name resolves to', async () => {
  const before = web.logs.length;
  assert.deepEqual(await predictMany(6), Array(6).fill(200));
  const used = web.logs.slice(before).map((entry) => entry.upstream);
  assert.deepEqual(used.filter((a) => a === '127.0.0.2').length, 3);
  assert.deepEqual(used.filter((a) => a === '127.0.0.3').length, 3);
});

test('when one replica stops, predictions move to the one still running', async () => {
  await replicas[0].stop();
  const before = web.logs.length;
  assert.deepEqual(await predictMany(4), Array(4).fill(200));
  assert.ok(web.logs.slice(before).every((entry) => entry.upstream === '127.0.0.3'));
});
