'use strict';
/**
 * The form of models other than Iris, end to end in a real Chromium with axe-core: a real
 * ml_app serving format 2 artifacts (test/fixtures/write_artifacts.py: a penguin species
 * classifier with categories, a penguin body-mass regressor) and one web_app that learns
 * the fields from it at run time. The classifier is swapped for the regressor under the
 * same web_app, which follows without a restart.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { buildArtifacts, freePort, startMlApp, startWebApp } = require('./helpers/processes');
const { skip, launchChromium, openPage, axeViolations } = require('./helpers/browser');

const RESULTS_DIR = path.join(__dirname, '..', 'test-results');
const ML_ENV = { WEB_CONCURRENCY: '1' };
/** A Gentoo penguin of the training data (the classifier's Gentoo example). */
const GENTOO = { bill_length_mm: '46.1', bill_depth_mm: '13.2', flipper_length_mm: '211', body_mass_g: '4500', island: 'Biscoe', sex: 'female' };

let artifacts;
let ml;
let web;
let browser;

test.before(async () => {
  if (skip) return;
  artifacts = buildArtifacts();
  ml = await startMlApp({ env: { ...ML_ENV, MODEL_DIR: artifacts.penguins } });
  web = await startWebApp({ mlUrl: ml.url, timeoutMs: 5000, contractRefreshMs: 300 });
  browser = await launchChromium();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  await web?.close();
  await ml?.stop();
  artifacts?.remove();
});

/** A fresh page on the form. */
function newPage(contextOptions = {}) {
  return openPage(browser, `${web.url}/`, contextOptions);
}

/** Fill the form: numbers are typed, categories chosen in their select. */
async function fill(page, values) {
  for (const [name, value] of Object.entries(values)) {
    if (await page.locator(`select#${name}`).count()) await page.selectOption(`#${name}`, value);
    else await page.fill(`#${name}`, value);
  }
}

/** Swap the model ml_app serves (stop it, start it on the same port with another artifact). */
async function serve(modelDir) {
  const { port } = ml;
  await ml.stop();
  ml = await startMlApp({ port, env: { ...ML_ENV, MODEL_DIR: modelDir } });
}

test('a classifier with categories: a select per category, an example fills it, the class bars show (JavaScript, axe)', { skip }, async () => {
  const page = await newPage({ bypassCSP: true });
  assert.deepEqual(await page.locator('#island option').allTextContents(), ['Choose…', 'Biscoe', 'Dream', 'Torgersen']);
  assert.deepEqual(await page.locator('#sex option').allTextContents(), ['Choose…', 'female', 'male']);
  assert.equal(await page.getAttribute('#flipper_length_mm', 'step'), '1', 'an integer input takes whole numbers');
  assert.match(await page.textContent('#bill_length_mm-hint'), /In the training data: 32\.1 to 59\.6 mm/);
  assert.deepEqual(await axeViolations(page), []);

  await page.click('a.preset:has-text("Gentoo")');
  assert.equal(await page.inputValue('#island'), 'Biscoe');
  assert.equal(await page.inputValue('#bill_depth_mm'), '13.2');
  await page.click('#predict-button');
  await page.waitForSelector('#result-class');
  assert.equal(await page.textContent('#result-class'), 'Gentoo');
  assert.equal(page.url(), `${web.url}/`, 'no navigation: the page updated in place');
  assert.deepEqual(await page.locator('.bar-label').allTextContents(), ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.equal(await page.locator('progress.bar[aria-labelledby]').count(), 3);
  assert.match(await page.title(), /^Gentoo · /);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: path.join(RESULTS_DIR, 'penguins-result.png'), fullPage: true });
  await page.context().close();
});

test('a classifier with categories, without JavaScript: the form posts and the server renders the class and its bars', { skip }, async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await fill(page, GENTOO);
  await Promise.all([page.waitForURL(`${web.url}/predict`), page.click('#predict-button')]);
  assert.equal(await page.textContent('#result-class'), 'Gentoo');
  assert.equal(await page.locator('.bar-row').count(), 3);
  assert.equal(await page.inputValue('#island'), 'Biscoe', 'the chosen category stays chosen');
  assert.equal(await page.inputValue('#bill_length_mm'), '46.1');
  await page.context().close();
});

test('an unchosen category gets its message beside its select, and focus', { skip }, async () => {
  const page = await newPage();
  await fill(page, { ...GENTOO, sex: '' });
  await page.click('#predict-button');
  assert.equal(await page.textContent('#sex-error'), 'Choose the sex.');
  assert.equal(await page.getAttribute('#sex', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sex');
  assert.equal(await page.locator('#result-class').count(), 0);
  await page.selectOption('#sex', 'male');
  assert.equal(await page.textContent('#sex-error'), '', 'choosing clears the message');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('swapping ml_app\'s model for a regressor under an open page: predicting brings the new model\'s form and its answer', { skip }, async () => {
  const page = await newPage();
  await fill(page, GENTOO);
  await serve(artifacts.mass);
  await Promise.all([page.waitForURL(`${web.url}/predict`), page.click('#predict-button')]);
  await page.waitForSelector('#result-value');
  assert.equal(await page.locator('#body_mass_g').count(), 0, 'the regressor predicts body mass: no such input');
  assert.deepEqual(await page.locator('.fields [name]').evaluateAll((els) => [...new Set(els.map((e) => e.name))]),
    ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'island', 'sex']);
  assert.equal(await page.inputValue('#bill_length_mm'), '46.1', 'what was typed stays where the fields agree');
  assert.equal((await page.textContent('#predict-button')).trim(), 'Predict body mass g');
  assert.deepEqual(page.errors.filter((e) => !/status of 409/.test(e)), [], 'no script errors (Chromium logs the 409 it got)');
  await page.context().close();
});

test('a regressor: the number against the target\'s training range (JavaScript, axe), and a warning far outside it', { skip }, async () => {
  const page = await newPage({ bypassCSP: true });
  assert.deepEqual(await axeViolations(page), []);
  await page.click('a.preset >> nth=1');
  await page.click('#predict-button');
  await page.waitForSelector('#result-value');
  const value = Number((await page.textContent('#result-value')).replace(/,/g, ''));
  assert.ok(value > 2700 && value < 6300, `a plausible body mass, got ${value}`);
  assert.equal(await page.getAttribute('#result-meter', 'min'), '2700');
  assert.equal(await page.getAttribute('#result-meter', 'max'), '6300');
  assert.match(await page.textContent('#range-text'), /^In the training data the body mass g ran from 2,700 to 6,300\.$/);
  assert.equal(await page.locator('.bar-row').count(), 0, 'no class bars for a regressor');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: path.join(RESULTS_DIR, 'regressor-result.png'), fullPage: true });

  await page.fill('#flipper_length_mm', '300');
  await page.click('#predict-button');
  await page.waitForSelector('#result-notice');
  assert.match(await page.textContent('#result-notice'), /A flipper length mm of 300 mm is far from anything the model learned from/);
  assert.match(await page.textContent('#range-text'), /above that range/);
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('a regressor without JavaScript: the server renders the number and its range', { skip }, async () => {
  const page = await newPage({ javaScriptEnabled: false });
  const { body_mass_g: mass, ...inputs } = GENTOO;
  await fill(page, inputs);
  await Promise.all([page.waitForURL(`${web.url}/predict`), page.click('#predict-button')]);
  assert.match(await page.textContent('#result-value'), /^\d,\d{3}$/);
  assert.equal(await page.locator('meter#result-meter').count(), 1);
  assert.equal(await page.inputValue('#sex'), 'female');
  await page.context().close();
});

test('yes/no, a category written as numbers, an optional input: radio buttons in a fieldset, a select, an empty field (axe, with and without JavaScript)', { skip }, async () => {
  await serve(artifacts.kinds);
  const page = await newPage({ bypassCSP: true });
  await page.waitForSelector('fieldset[data-name="male"]');
  assert.equal((await page.textContent('fieldset[data-name="male"] legend')).trim(), 'Male');
  assert.deepEqual(await page.locator('#island_code option').allTextContents(), ['Choose…', '1', '2', '3']);
  assert.equal(await page.getAttribute('#bill_depth_mm', 'required'), null, 'the model imputes it');
  assert.deepEqual(await axeViolations(page), []);

  await page.click('#predict-button');
  assert.equal(await page.textContent('#male-error'), 'Choose yes or no for male.');
  await page.click('a.preset:has-text("Adelie")');
  assert.equal(await page.isChecked('input[name="male"][value="true"]'), true);
  assert.equal(await page.inputValue('#island_code'), '3');
  await page.fill('#bill_depth_mm', '');
  await page.click('#predict-button');
  await page.waitForSelector('#result-class');
  assert.equal(await page.textContent('#result-class'), 'Adelie');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: path.join(RESULTS_DIR, 'kinds-result.png'), fullPage: true });
  await page.context().close();

  const plain = await newPage({ javaScriptEnabled: false });
  await plain.fill('#flipper_length_mm', '211');
  await plain.selectOption('#island_code', '1');
  await plain.check('input[name="male"][value="false"]');
  await Promise.all([plain.waitForURL(`${web.url}/predict`), plain.click('#predict-button')]);
  assert.equal(await plain.textContent('#result-class'), 'Gentoo');
  assert.equal(await plain.isChecked('input[name="male"][value="false"]'), true, 'the choice stays');
  await plain.context().close();
});

test('ml_app not reachable when web_app starts: a clear page, which becomes the form by itself once ml_app answers (axe)', { skip }, async (t) => {
  const port = await freePort();
  const lonely = await startWebApp({ mlUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
  t.after(() => lonely.close());
  const page = await openPage(browser, `${lonely.url}/`, { bypassCSP: true });
  assert.match(await page.textContent('#service-down'), /The prediction service is unavailable, try again in a moment\./);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: path.join(RESULTS_DIR, 'no-model-yet.png'), fullPage: true });

  const second = await startMlApp({ port, env: { ...ML_ENV, MODEL_DIR: artifacts.penguins } });
  t.after(() => second.stop());
  await page.waitForSelector('#island', { timeout: 30000 });
  assert.equal(await page.locator('#service-down').count(), 0);
  await page.context().close();
});
