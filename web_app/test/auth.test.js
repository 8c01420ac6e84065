'use strict';
/** API_TOKEN: the web app forwards its token, and a refused token is a clear message. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { startMlApp, startWebApp } = require('./helpers/processes');

const { SETOSA } = require('./helpers/contract');
let ml;

test.before(async () => {
  ml = await startMlApp({ env: { API_TOKEN: 'x', WEB_CONCURRENCY: '1' } });
});
test.after(() => ml?.stop());

/** Ask a web app that talks to ml_app with `apiToken`. */
async function predictWith(t, apiToken) {
  const web = await startWebApp({ mlUrl: ml.url, apiToken });
  t.after(() => web.close());
  const res = await fetch(`${web.url}/api/predict`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SETOSA),
  });
  return { status: res.status, body: await res.json(), web };
}

test('the configured token is forwarded as a bearer token and accepted', async (t) => {
  const { status, body } = await predictWith(t, 'x');
  assert.equal(status, 200);
  assert.equal(body.prediction, 'setosa');
});

test('a wrong token gives 502 with the unavailable message, and the 401 goes to the log', async (t) => {
  const { status, body, web } = await predictWith(t, 'wrong');
  assert.equal(status, 502);
  assert.equal(body.error.code, 'service_error');
  assert.equal(body.error.message, 'The prediction service is unavailable, try again in a moment.');
  assert.match(web.logs.at(-1).ml_error, /ml_app answered 401/);
});

test('no token at all is refused the same way', async (t) => {
  const { status } = await predictWith(t, undefined);
  assert.equal(status, 502);
});
