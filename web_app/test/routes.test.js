'use strict';
/**
 * The web app's routes against one real ml_app process (build.sh serve-ml):
 * predictions as JSON and as pages, validation, escaping, request ids,
 * health and readiness, and what happens when ml_app goes away and comes back.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { startMlApp, startWebApp } = require('./helpers/processes');

const { FIELD_NAMES, SETOSA } = require('./helpers/contract');
const ML_ENV = { WEB_CONCURRENCY: '1' };

let ml;
let web;

test.before(async () => {
  ml = await startMlApp({ env: ML_ENV });
  web = await startWebApp({ mlUrl: ml.url, timeoutMs: 5000 });
});

test.after(async () => {
  await web?.close();
  await ml?.stop();
});

/** POST JSON to the web app's API. */
function postJson(path, body, headers = {}) {
  return fetch(web.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POST the form as a browser without JavaScript does. */
function postForm(fields) {
  return fetch(`${web.url}/predict`, { method: 'POST', body: new URLSearchParams(fields) });
}

test('the JSON API returns the class, every probability and the model version', async () => {
  const res = await postJson('/api/predict', SETOSA);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.prediction, 'setosa');
  assert.deepEqual(Object.keys(body.probabilities).sort(), ['setosa', 'versicolor', 'virginica']);
  assert.match(body.model_version, /^[0-9a-f]{12}$/);
});

test('the form post renders the class, a bar per class and the model version', async () => {
  const res = await postForm({ sepal_length: '6.3', sepal_width: '3.3', petal_length: '6.0', petal_width: '2.5' });
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /<p class="result-class" id="result-class">Iris virginica<\/p>/);
  assert.equal(page.match(/<progress class="bar"/g).length, 3);
  assert.match(page, /<span class="bar-value">\d+%<\/span>/);
  assert.match(page, /Model version <code>[0-9a-f]{12}<\/code>/);
  assert.match(page, /value="6.3"/, 'the typed values stay in the form');
});

test('the form page has a labelled input with unit and limits for each measurement', async () => {
  const page = await (await fetch(`${web.url}/`)).text();
  for (const name of FIELD_NAMES) {
    assert.match(page, new RegExp(`<label for="${name}">[^<]+ <span class="unit">\\(cm\\)</span></label>`));
    assert.match(page, new RegExp(`<input id="${name}" name="${name}" type="number"[^>]*min="[\\d.]+" max="[\\d.]+" step="0.1"`));
  }
});

test('a preset link prefills the form without JavaScript', async () => {
  const page = await (await fetch(`${web.url}/?preset=versicolor`)).text();
  assert.match(page, /id="petal_length" name="petal_length"[^>]*value="4.5"/);
});

test('invalid form input is answered 400 with a message next to each bad field', async () => {
  const res = await postForm({ sepal_length: '', sepal_width: '3.5', petal_length: '150', petal_width: '0.2' });
  assert.equal(res.status, 400);
  const page = await res.text();
  assert.match(page, /<p class="error" id="sepal_length-error">Enter the sepal length in cm.<\/p>/);
  assert.match(page, /<p class="error" id="petal_length-error">Must be at most 100 cm.<\/p>/);
  assert.match(page, /id="petal_length" [^>]*value="150"[^>]*aria-invalid="true"/);
  assert.doesNotMatch(page, /result-class/);
});

test('invalid JSON input is answered 400 with a problem per field', async () => {
  const res = await postJson('/api/predict', { ...SETOSA, sepal_width: 'wide', petal_width: -1 });
  assert.equal(res.status, 400);
  const { error } = await res.json();
  assert.equal(error.code, 'invalid_input');
  assert.deepEqual(error.details, [
    { field: 'sepal_width', problem: 'Enter a number, for example 3.5.' },
    { field: 'petal_width', problem: 'Must be at least 0.1 cm.' },
  ]);
});

test('a typed <script> comes back escaped, never as markup', async () => {
  const res = await postForm({ ...SETOSA, sepal_width: '"><script>alert(1)</script>' });
  assert.equal(res.status, 400);
  const page = await res.text();
  assert.doesNotMatch(page, /<script>alert/);
  assert.match(page, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
});

test('the API refuses a body that is not JSON with 415', async () => {
  const res = await fetch(`${web.url}/api/predict`, { method: 'POST', body: 'sepal_length=5', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(res.status, 415);
  assert.equal((await res.json()).error.code, 'unsupported_media_type');
});

test('malformed JSON is a clear 400, not a stack trace', async () => {
  const res = await postJson('/api/predict', '{"sepal_length": ');
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.error.code, 'invalid_body');
  assert.doesNotMatch(JSON.stringify(body), /at .*\.js/);
});

test('a body over the size limit is refused with 413', async () => {
  const res = await postJson('/api/predict', { ...SETOSA, padding: 'x'.repeat(10000) });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'payload_too_large');
});

test('the request id reaches ml_app and comes back to the caller', async () => {
  const id = `web-test-${process.pid}-${Date.now()}`;
  const res = await postJson('/api/predict', SETOSA, { 'X-Request-ID': id });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-request-id'), id);
  assert.ok(web.logs.some((entry) => entry.request_id === id && entry.upstream === '127.0.0.1'));
  const deadline = Date.now() + 5000;
  while (!ml.output().includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(ml.output().includes(id), 'ml_app logged the forwarded request id');
});

test('responses carry a self-only CSP and the other security headers', async () => {
  const res = await fetch(`${web.url}/`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('x-powered-by'), null);
});

test('the page loads its script and stylesheet from this origin only', async () => {
  const page = await (await fetch(`${web.url}/`)).text();
  assert.doesNotMatch(page, /<script>|style="|https?:\/\//);
  for (const asset of ['/static/app.js', '/static/style.css', '/static/favicon.svg']) {
    assert.match(page, new RegExp(asset.replace(/\./g, '\\.')));
    assert.equal((await fetch(web.url + asset)).status, 200, asset);
  }
});

test('an unknown path is a 404 page for people and JSON for the API', async () => {
  const pageRes = await fetch(`${web.url}/nope`, { headers: { Accept: 'text/html' } });
  assert.equal(pageRes.status, 404);
  assert.match(await pageRes.text(), /Page not found/);
  const apiRes = await fetch(`${web.url}/api/nope`);
  assert.equal((await apiRes.json()).error.code, 'not_found');
});

test('health is ok and ready is 200 while ml_app answers', async () => {
  assert.deepEqual(await (await fetch(`${web.url}/health`)).json(), { status: 'ok' });
  const ready = await fetch(`${web.url}/ready`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: 'ready' });
});

test('a frozen ml_app gives 504 within the timeout, and answers again once it thaws', async (t) => {
  const impatient = await startWebApp({ mlUrl: ml.url, timeoutMs: 500 });
  t.after(() => impatient.close());
  ml.pause();
  try {
    const res = await fetch(`${impatient.url}/api/predict`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SETOSA),
    });
    assert.equal(res.status, 504);
    assert.equal((await res.json()).error.message, 'The prediction service took too long to answer, try again.');
  } finally {
    ml.resume();
  }
  assert.equal((await postJson('/api/predict', SETOSA)).status, 200);
});

test('with ml_app stopped: 503 with a clear message, then predictions again once it is back', async () => {
  const { port } = ml;
  await ml.stop();

  const down = await postJson('/api/predict', SETOSA);
  assert.equal(down.status, 503);
  assert.equal((await down.json()).error.message, 'The prediction service is unavailable, try again in a moment.');
  const page = await postForm(SETOSA);
  assert.equal(page.status, 503);
  assert.match(await page.text(), /role="alert".*The prediction service is unavailable, try again in a moment\./s);
  assert.equal((await fetch(`${web.url}/ready`)).status, 503);

  ml = await startMlApp({ port, env: ML_ENV });
  const back = await postJson('/api/predict', SETOSA);
  assert.equal(back.status, 200);
  assert.equal((await back.json()).prediction, 'setosa');
  assert.equal((await fetch(`${web.url}/ready`)).status, 200);
});
