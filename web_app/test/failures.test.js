'use strict';
/**
 * ml_app unreachable or hung, with real peers: a port nobody listens on, and
 * a server that accepts connections but never answers.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { freePort, startWebApp, startSilentServer } = require('./helpers/processes');

const { SETOSA } = require('./helpers/contract');

/** POST the measurements to a web app's JSON API. */
function predict(web) {
  return fetch(`${web.url}/api/predict`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SETOSA),
  });
}

test('a closed ml_app port gives 503 and the unavailable message', async (t) => {
  const web = await startWebApp({ mlUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 });
  t.after(() => web.close());
  const res = await predict(web);
  assert.equal(res.status, 503);
  const { error } = await res.json();
  assert.equal(error.code, 'service_unavailable');
  assert.equal(error.message, 'The prediction service is unavailable, try again in a moment.');
  assert.match(web.logs.at(-1).ml_error, /ECONNREFUSED/, 'the socket detail goes to the log, not the client');
});

test('an ml_app host that does not resolve gives 503', async (t) => {
  const web = await startWebApp({ mlUrl: 'http://ml-app.invalid:5000', timeoutMs: 2000 });
  t.after(() => web.close());
  assert.equal((await predict(web)).status, 503);
});

test('an ml_app that never answers gives 504 once the timeout passes', async (t) => {
  const silent = await startSilentServer();
  const web = await startWebApp({ mlUrl: silent.url, timeoutMs: 300 });
  t.after(async () => {
    await web.close();
    await silent.close();
  });
  const res = await predict(web);
  assert.equal(res.status, 504);
  assert.equal((await res.json()).error.code, 'service_timeout');
  const page = await fetch(`${web.url}/predict`, { method: 'POST', body: new URLSearchParams(SETOSA) });
  assert.equal(page.status, 504);
  assert.match(await page.text(), /took too long to answer/);
  assert.equal((await fetch(`${web.url}/ready`)).status, 503);
});
