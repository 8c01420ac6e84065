'use strict';
/** Pure units: validation, escaping and the round-robin resolver. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { validate, findPreset } = require('../lib/fields');
const { html } = require('../lib/escape');
const { createResolver } = require('../lib/resolver');
const { warningTexts } = require('../lib/warnings');
const views = require('../lib/views');
const { IRIS_FORM } = require('./helpers/contract');

const GOOD = { sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' };

test('valid form strings become the numbers sent to ml_app', () => {
  const { ok, values } = validate(IRIS_FORM, GOOD);
  assert.equal(ok, true);
  assert.deepEqual(values, { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 });
});

test('each invalid field gets its own message and keeps what was typed', () => {
  const { ok, errors, raw } = validate(IRIS_FORM, { ...GOOD, sepal_length: '', sepal_width: 'abc', petal_length: '0.1', petal_width: '150' });
  assert.equal(ok, false);
  assert.deepEqual(errors, {
    sepal_length: 'Enter the sepal length in cm.',
    sepal_width: 'Enter a number, for example 3.5.',
    petal_length: 'Must be at least 0.5 cm.',
    petal_width: 'Must be at most 100 cm.',
  });
  assert.equal(raw.sepal_width, 'abc');
});

test('a value finer than the 0.1 cm step is refused like the browser refuses it', () => {
  assert.match(validate(IRIS_FORM, { ...GOOD, petal_length: '1.45' }).errors.petal_length, /one decimal place/);
});

test('a JSON array or object in a field is refused, not coerced', () => {
  const { errors } = validate(IRIS_FORM, { ...GOOD, sepal_length: [5.1] });
  assert.equal(errors.sepal_length, 'Send a single number.');
});

test('every preset is itself valid input', () => {
  for (const id of ['setosa', 'versicolor', 'virginica']) {
    assert.equal(validate(IRIS_FORM, findPreset(IRIS_FORM, id).values).ok, true, id);
  }
  assert.equal(IRIS_FORM.fields.length, 4);
});

test('html escapes interpolated text but not nested html', () => {
  const inner = html`<b>${'<script>alert(1)</script>'}</b>`;
  const outer = html`<p title="${'" onmouseover="x'}">${inner}</p>`;
  assert.equal(String(outer), '<p title="&quot; onmouseover=&quot;x"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>');
});

/** A dns.lookup stand-in with a fixed answer that counts its calls. */
function fixedLookup(addresses) {
  const lookup = (host, options, callback) => {
    lookup.calls += 1;
    callback(null, addresses.map((address) => ({ address, family: 4 })));
  };
  lookup.calls = 0;
  return lookup;
}

test('the resolver hands out every address in turn', async () => {
  const resolver = createResolver('ml_app', { lookup: fixedLookup(['10.0.0.1', '10.0.0.2', '10.0.0.3']) });
  const picked = [];
  for (let i = 0; i < 6; i += 1) picked.push(await resolver.next());
  assert.deepEqual([...picked].sort(), ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.3', '10.0.0.3']);
});

test('the resolver reuses a DNS answer until it is older than refreshMs', async () => {
  const lookup = fixedLookup(['10.0.0.1']);
  const cached = createResolver('ml_app', { lookup, refreshMs: 60000 });
  for (let i = 0; i < 5; i += 1) await cached.next();
  assert.equal(lookup.calls, 1);
  const freshLookup = fixedLookup(['10.0.0.1']);
  const fresh = createResolver('ml_app', { lookup: freshLookup, refreshMs: 0 });
  for (let i = 0; i < 3; i += 1) await fresh.next();
  assert.equal(freshLookup.calls, 3);
});

test('the resolver keeps the last good answer when DNS fails later', async () => {
  let fail = false;
  const lookup = (host, options, callback) => (fail ? callback(Object.assign(new Error('boom'), { code: 'EAI_AGAIN' }))
    : callback(null, [{ address: '10.0.0.9', family: 4 }]));
  const resolver = createResolver('ml_app', { lookup, refreshMs: 0 });
  assert.equal(await resolver.next(), '10.0.0.9');
  fail = true;
  assert.equal(await resolver.next(), '10.0.0.9');
});

test('an IP literal is used as is, without DNS', async () => {
  const lookup = fixedLookup([]);
  const resolver = createResolver('127.0.0.1', { lookup });
  assert.equal(await resolver.next(), '127.0.0.1');
  assert.equal(lookup.calls, 0);
});

test("ml_app's warnings become plain sentences naming the measurement, its value and the training range", () => {
  const [outside, millimetres] = warningTexts([
    { code: 'outside_training_range', field: 'petal_length', value: 50, training_range: { min: 1, max: 6.9 }, message: 'x' },
    { code: 'looks_like_millimetres', message: 'y' },
  ], IRIS_FORM.fields);
  assert.match(outside, /^A petal length of 50 cm is far from anything the model learned from .*1 to 6\.9 cm/);
  assert.match(millimetres, /millimetres\? Enter centimetres: 10 mm is 1 cm\./);
  assert.deepEqual(warningTexts(undefined), [], 'a typical flower: no warnings at all');
  assert.deepEqual(warningTexts([{ code: 'something_new', message: 'As ml_app says.' }]), ['As ml_app says.']);
});

test('the result page shows the warning beside the prediction, escaped, and nothing for a typical flower', () => {
  const result = { prediction: 'virginica', probability: 1, probabilities: { setosa: 0, versicolor: 0, virginica: 1 },
    model_version: 'abc', notes: ['A petal length of 50 cm <b>is</b> far…'] };
  const page = String(views.page(IRIS_FORM, { result }));
  assert.match(page, /id="result-class">Iris virginica<\/p>[\s\S]*<div class="notice" id="result-notice">/);
  assert.match(page, /<li>A petal length of 50 cm &lt;b&gt;is&lt;\/b&gt; far…<\/li>/);
  assert.doesNotMatch(String(views.page(IRIS_FORM, { result: { ...result, notes: [] } })), /result-notice/);
});

/** A form from a format 2 contract with every kind of input: what GET /model answers for such a model. */
const HEART = require('../lib/contract').asForm({
  model_version: 'feedc0ffee00',
  task: 'classification',
  model_name: 'heart-disease',
  target: { name: 'target', kind: 'category', classes: [0, 1] },
  inputs: [
    { name: 'age', kind: 'integer', label: 'Age', unit: 'years', min: 29, max: 77, quantiles: { '0.5': 55 }, missing: false },
    { name: 'chol', kind: 'number', label: 'Cholesterol', unit: 'mg/dl', min: 126, max: 564, missing: true },
    { name: 'cp', kind: 'category', label: 'Chest pain type', values: [0, 1, 2, 3], unknown: 'error', missing: false },
    { name: 'thal', kind: 'category', label: 'Thal', values: ['fixed', 'normal'], unknown: 'warn', missing: false },
    { name: 'fbs', kind: 'boolean', label: 'Fasting blood sugar over 120', missing: false },
  ],
  encoding: [],
  examples: [{ label: 0, values: { age: 54, chol: 239, cp: 0, thal: 'normal', fbs: false } },
    { label: 1, values: { age: 62, chol: null, cp: 2, thal: 'fixed', fbs: true } }],
});

test('each kind of input becomes the value ml_app takes: integers, numbers, coded categories, booleans, nothing for a missing one', () => {
  const { ok, values } = validate(HEART, { age: '61', chol: '', cp: '2', thal: 'reversible', fbs: 'true' });
  assert.equal(ok, true);
  assert.deepEqual(values, { age: 61, chol: null, cp: 2, thal: 'reversible', fbs: true },
    'a coded category is sent as its number; an unseen category that only warns passes on; an imputed number may be empty');
  assert.deepEqual(validate(HEART, { age: 61, chol: 200, cp: 3, thal: 'fixed', fbs: false }).values,
    { age: 61, chol: 200, cp: 3, thal: 'fixed', fbs: false }, 'JSON values of the right type pass as they are');
});

test('each kind of input refuses what ml_app would, in words naming the choices', () => {
  const { errors } = validate(HEART, { age: '61.5', chol: 'high', cp: '7', thal: '', fbs: 'maybe' });
  assert.deepEqual(errors, {
    age: 'Enter a whole number, for example 55.',
    chol: 'Enter a number.',
    cp: 'Choose one of: 0, 1, 2, 3.',
    thal: 'Choose the thal.',
    fbs: 'Choose one of: Yes, No.',
  });
});

test('the page: a select per category, a fieldset of radio buttons per boolean, hints with training ranges, presets', () => {
  const page = String(views.page(HEART, { raw: { cp: '2', fbs: 'true' } }));
  assert.match(page, /<select id="cp" name="cp" required[^>]*>\s*<option value="">Choose…<\/option>\s*<option value="0">0<\/option><option value="1">1<\/option><option value="2" selected>2<\/option>/);
  assert.match(page, /<fieldset class="field choice" data-name="fbs"[^>]*>\s*<legend>Fasting blood sugar over 120<\/legend>/);
  assert.match(page, /<input type="radio" id="fbs-0" name="fbs" value="true" checked required> Yes/);
  assert.match(page, /id="chol-hint">In the training data: 126 to 564 mg\/dl\. Optional: leave it empty if not known</);
  assert.doesNotMatch(page, /id="chol"[^>]* required/, 'an imputed input is optional');
  assert.match(page, /<input id="age" name="age" type="number" inputmode="numeric"\s+step="1" placeholder="55"/);
  assert.match(page, /href="\/\?preset=0#measurements"[^>]*>0\s*<span class="preset-values">54 · 239 · 0 · normal · No<\/span>/);
  assert.match(page, /<h1>Heart disease: target predictor<\/h1>/);
});

test('a regressor\'s answer is its number against the target\'s training range, said in words too', () => {
  const form = require('../lib/contract').asForm({
    model_version: 'abc', task: 'regression', model_name: 'insurance',
    target: { name: 'charges', kind: 'number', min: 1121.87, max: 63770.43, mean: 13270.42 },
    inputs: [{ name: 'age', kind: 'integer', min: 18, max: 64 }], examples: [],
  });
  const inside = String(views.page(form, { result: { prediction: 13270.4, model_version: 'abc', notes: [] } }));
  assert.match(inside, /<p class="result-value" id="result-value">13,270<\/p>/);
  assert.match(inside, /<meter class="range" id="result-meter" min="1121.87" max="63770.43" value="13270.4" aria-labelledby="range-title"/);
  assert.match(inside, /In the training data the charges ran from 1,122 to 63,770\.<\/p>/);
  assert.doesNotMatch(inside, /class="bar"/);
  const below = String(views.page(form, { result: { prediction: -5, model_version: 'abc', notes: [] } }));
  assert.match(below, /this prediction is below that range\./);
});
