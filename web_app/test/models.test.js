'use strict';
/**
 * web_app's reading of ml_app's contract against what a real ml_app serves, for models
 * other than Iris (format 2 artifacts from test/fixtures/write_artifacts.py): the form has
 * exactly the served inputs, values and ranges (read here from ml_app's GET /model and
 * /openapi.json directly, not through lib/), web_app refuses what ml_app refuses and
 * passes on what ml_app accepts, and a model swapped under a running web_app is followed.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { buildArtifacts, startMlApp, startWebApp } = require('./helpers/processes');

const ML_ENV = { WEB_CONCURRENCY: '1' };
const ADELIE = { bill_length_mm: 39.1, bill_depth_mm: 18.7, flipper_length_mm: 181, body_mass_g: 3750, island: 'Torgersen', sex: 'male' };

let artifacts;
let ml;
let web;

test.before(async () => {
  artifacts = buildArtifacts();
  ml = await startMlApp({ env: { ...ML_ENV, MODEL_DIR: artifacts.penguins } });
  web = await startWebApp({ mlUrl: ml.url, timeoutMs: 5000, contractRefreshMs: 60000 });
});

test.after(async () => {
  await web?.close();
  await ml?.stop();
  artifacts?.remove();
});

/** GET a JSON document from ml_app itself. */
async function fromMl(path) {
  return (await fetch(ml.url + path)).json();
}

/** POST JSON to a URL; resolves {status, body}. */
async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** The form's controls in the page: [{tag, name, attributes, options}] in document order. */
function controlsOf(page) {
  const form = page.slice(page.indexOf('<form'), page.indexOf('</form>'));
  const attributes = (text) => Object.fromEntries([...text.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k, v ?? '']));
  return [...form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>|<input\b([^>]*)>/g)].map(([, select, options, input]) => (
    select !== undefined
      ? { tag: 'select', ...attributes(select), options: [...options.matchAll(/<option value="([^"]*)"/g)].map(([, v]) => v).filter(Boolean) }
      : { tag: 'input', ...attributes(input) }));
}

test('the form has the served inputs in order: a select of the values seen per category, a number input per number', async () => {
  const { inputs } = await fromMl('/model');
  const page = await (await fetch(`${web.url}/`)).text();
  const controls = controlsOf(page);
  assert.deepEqual(controls.map((c) => c.name), inputs.map((input) => input.name));
  for (const [control, input] of controls.map((c, i) => [c, inputs[i]])) {
    if (input.kind === 'category') {
      assert.equal(control.tag, 'select', input.name);
      assert.deepEqual(control.options, input.values.map(String), input.name);
    } else {
      assert.equal(control.type, 'number', input.name);
      assert.equal(control.step, input.kind === 'integer' ? '1' : 'any', input.name);
      assert.match(page, new RegExp(`id="${input.name}-hint">In the training data: ${input.min} to ${input.max}`), input.name);
    }
    assert.equal('required' in control, !input.missing, input.name);
  }
});

test('every example row, posted through the form, is answered, each with the class it is an example of', async () => {
  const { examples } = await fromMl('/model');
  assert.equal(examples.length, 3, 'one example per class');
  for (const { label, values } of examples) {
    const res = await fetch(`${web.url}/predict`, { method: 'POST', body: new URLSearchParams(values) });
    assert.equal(res.status, 200, label);
    assert.match(await res.text(), new RegExp(`id="result-class">${label}</p>`), label);
  }
});

test('web_app refuses what ml_app refuses, naming the same fields', async () => {
  const bad = { ...ADELIE, flipper_length_mm: 181.5, island: 'Mars' };
  const fromWeb = await postJson(`${web.url}/api/predict`, bad);
  const fromMlApp = await postJson(`${ml.url}/prediction`, bad);
  assert.equal(fromWeb.status, 400);
  assert.equal(fromMlApp.status, 400);
  const fields = (body) => body.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields(fromWeb.body), ['flipper_length_mm', 'island']);
  assert.deepEqual(fields(fromWeb.body), fields(fromMlApp.body));
  assert.match(fromWeb.body.error.details.find((d) => d.field === 'island').problem, /Biscoe, Dream, Torgersen/);
});

test('a value far outside training is passed on, and ml_app\'s warning comes back in words naming the field', async () => {
  const { status, body } = await postJson(`${web.url}/api/predict`, { ...ADELIE, flipper_length_mm: 400 });
  assert.equal(status, 200);
  assert.ok(Array.isArray(body.warnings) && body.warnings.length > 0, 'ml_app warned');
  assert.match(body.notes.join(' '), /A flipper length mm of 400 mm is far from anything the model learned from/);
});

test('the OpenAPI document\'s one-row body has the form\'s fields, types and values', async () => {
  const document = await fromMl('/openapi.json');
  const body = document.paths['/prediction'].post.requestBody.content['application/json'].schema;
  const single = (body.oneOf ?? [body]).map((s) => (s.$ref ? document.components.schemas[s.$ref.split('/').pop()] : s))
    .find((s) => s.properties && !s.properties.instances);
  const page = await (await fetch(`${web.url}/`)).text();
  const controls = controlsOf(page);
  assert.deepEqual(Object.keys(single.properties), controls.map((c) => c.name));
  for (const control of controls) {
    const property = single.properties[control.name];
    if (control.tag === 'select') {
      assert.deepEqual(property.enum, control.options, control.name);
      continue;
    }
    assert.equal(property.type, control.step === '1' ? 'integer' : 'number', control.name);
    const { min, max } = property['x-training-range'];
    assert.match(page, new RegExp(`id="${control.name}-hint">In the training data: ${min} to ${max}\\b`), control.name);
  }
  assert.deepEqual(single.required, controls.filter((c) => 'required' in c).map((c) => c.name));
});

test('ml_app swapped to another model under a running web_app: a refused prediction brings the new form (409)', async () => {
  const { port } = ml;
  await ml.stop();
  ml = await startMlApp({ port, env: { ...ML_ENV, MODEL_DIR: artifacts.mass } });
  const { inputs, model_version: version } = await fromMl('/model');

  const res = await fetch(`${web.url}/predict`, { method: 'POST', body: new URLSearchParams(ADELIE) });
  assert.equal(res.status, 409);
  const page = await res.text();
  assert.match(page, /role="alert".*The model behind this form has changed/s);
  assert.deepEqual(controlsOf(page).map((c) => c.name), inputs.map((input) => input.name), 'the page is the new model\'s form');
  assert.match(page, /id="island"[\s\S]*?<option value="Torgersen" selected>/, 'what was typed stays where the fields agree');

  const { status, body } = await postJson(`${web.url}/api/predict`, ADELIE);
  assert.equal(status, 200, 'the new form now checks the row: the extra field is not asked for');
  assert.equal(typeof body.prediction, 'number');
  assert.equal(body.model_version, version);
});

test('a model needing fewer inputs swapped in: the row it takes is checked against its form, not the stale one', async (t) => {
  const recent = await startWebApp({ mlUrl: ml.url, timeoutMs: 5000, contractRefreshMs: 200 });
  t.after(() => recent.close());
  assert.match(await (await fetch(`${recent.url}/`)).text(), /id="island"/, 'the page shows the body-mass model\'s form');
  const { port } = ml;
  await ml.stop();
  ml = await startMlApp({ port, env: { ...ML_ENV, MODEL_DIR: artifacts.imputed } });
  await new Promise((resolve) => setTimeout(resolve, 250));

  const res = await fetch(`${recent.url}/predict`, { method: 'POST', body: new URLSearchParams({ flipper_length_mm: '200', bill_depth_mm: '18' }) });
  assert.equal(res.status, 200);
  assert.doesNotMatch(await res.text(), /id="island"/, 'the answer is drawn on the new model\'s form');
});

test('an input the model imputes is optional in the form, and left empty it is sent as null and answered', async (t) => {
  const fresh = await startWebApp({ mlUrl: ml.url, timeoutMs: 5000 });
  t.after(() => fresh.close());
  const page = await (await fetch(`${fresh.url}/`)).text();
  assert.match(page, /id="bill_depth_mm-hint">[^<]*Optional: leave it empty if not known</);
  assert.doesNotMatch(page, /<input id="bill_depth_mm"[^>]* required/);
  const res = await fetch(`${fresh.url}/predict`, { method: 'POST', body: new URLSearchParams({ flipper_length_mm: '200', bill_depth_mm: '' }) });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<p class="result-value" id="result-value">\d,\d{3}<\/p>/);
  const empty = await fetch(`${fresh.url}/predict`, { method: 'POST', body: new URLSearchParams({ flipper_length_mm: '', bill_depth_mm: '18' }) });
  assert.equal(empty.status, 400, 'an input the model does not impute stays required');
});
