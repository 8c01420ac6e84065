'use strict';
/**
 * End to end in a real Chromium: ml_app and web_app started as `./build.sh up`
 * starts them (build.sh serve-ml, then build.sh serve-web), driven like a
 * person would, with and without JavaScript, checked with axe-core.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freePort, spawnBuildSh, stopGroup, startMlApp, waitForStatus } = require('./helpers/processes');
const { skip, launchChromium, openPage, axeViolations } = require('./helpers/browser');

const RESULTS_DIR = path.join(__dirname, '..', 'test-results');
const ML_ENV = { WEB_CONCURRENCY: '1' };
const UNAVAILABLE = 'The prediction service is unavailable, try again in a moment.';

let ml;
let web;
let browser;
let baseUrl;

test.before(async () => {
  if (skip) return;
  ml = await startMlApp({ env: ML_ENV });
  const webPort = await freePort();
  web = spawnBuildSh('serve-web', { ML_HOST: ml.host, ML_PORT: String(ml.port), WEB_PORT: String(webPort), ML_TIMEOUT_MS: '3000' });
  baseUrl = `http://127.0.0.1:${webPort}`;
  await waitForStatus(`${baseUrl}/health`, { timeoutMs: 60000, why: web.output, gone: () => web.child.exitCode !== null });
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  if (web) await stopGroup(web);
  await ml?.stop();
});

/** A fresh page on the form; console errors are collected in page.errors. */
function newPage(contextOptions = {}) {
  return openPage(browser, `${baseUrl}/`, contextOptions);
}

/** Type the four measurements into the form. */
async function fill(page, [sl, sw, pl, pw]) {
  await page.fill('#sepal_length', sl);
  await page.fill('#sepal_width', sw);
  await page.fill('#petal_length', pl);
  await page.fill('#petal_width', pw);
}

/** The percentages shown next to the bars, as numbers. */
async function barPercents(page) {
  const texts = await page.locator('.bar-row .bar-value').allTextContents();
  return texts.map((text) => Number(text.replace('%', '')));
}

test('with JavaScript: submitting shows the class and a bar per class in place', { skip }, async () => {
  const page = await newPage();
  await fill(page, ['5.1', '3.5', '1.4', '0.2']);
  await page.click('#predict-button');
  await page.waitForSelector('#result-class');
  assert.equal(await page.textContent('#result-class'), 'Iris setosa');
  assert.equal(page.url(), `${baseUrl}/`, 'no navigation: the page updated in place');
  const percents = await barPercents(page);
  assert.equal(percents.length, 3);
  assert.ok(Math.abs(percents.reduce((a, b) => a + b, 0) - 100) <= 2);
  assert.deepEqual(await page.locator('.bar-label').allTextContents(), ['setosa', 'versicolor', 'virginica']);
  assert.match(await page.textContent('.model-version'), /Model version [0-9a-f]{12}/);
  assert.equal(await page.locator('#result-notice').count(), 0, 'a typical flower gets no warning');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, 'result.png'), fullPage: true });
  assert.deepEqual(page.errors, [], 'no script errors and no CSP violations');
  await page.context().close();
});

test('without JavaScript: the form posts and the server renders the result', { skip }, async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await fill(page, ['6.3', '3.3', '6.0', '2.5']);
  await Promise.all([page.waitForURL(`${baseUrl}/predict`), page.click('#predict-button')]);
  assert.equal(await page.textContent('#result-class'), 'Iris virginica');
  assert.equal((await barPercents(page)).length, 3);
  assert.equal(await page.inputValue('#petal_length'), '6.0', 'the typed values stay in the form');
  await page.context().close();
});

test('a 50 cm petal is predicted with a plain-words warning beside the result (with and without JavaScript)', { skip }, async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage({ javaScriptEnabled });
    await fill(page, ['5.1', '3.5', '50', '0.2']);
    await page.click('#predict-button');
    await page.waitForSelector('#result-notice');
    assert.match(await page.textContent('#result-class'), /^Iris \w+$/, 'the prediction is still shown');
    const notice = await page.textContent('#result-notice');
    assert.match(notice, /Check the measurements/);
    assert.match(notice, /A petal length of 50 cm is far from anything the model learned from/);
    assert.ok(await page.isVisible('#result-class') && await page.isVisible('#result-notice'));
    assert.equal(await page.inputValue('#petal_length'), '50');
    if (javaScriptEnabled) {
      await page.screenshot({ path: path.join(RESULTS_DIR, 'result-warning.png'), fullPage: true });
      assert.deepEqual(page.errors, []);
    }
    await page.context().close();
  }
});

test('clicking an example flower fills the form, and it predicts that species', { skip }, async () => {
  const page = await newPage();
  await page.click('a.preset:has-text("Versicolor")');
  assert.equal(await page.inputValue('#petal_length'), '4.5');
  assert.equal(await page.inputValue('#sepal_length'), '6.4');
  await page.click('#predict-button');
  await page.waitForSelector('#result-class');
  assert.equal(await page.textContent('#result-class'), 'Iris versicolor');
  await page.context().close();
});

test('an out-of-range value shows a message next to its field and keeps the typed text', { skip }, async () => {
  const page = await newPage();
  await fill(page, ['150', '3.5', '1.4', '0.2']);
  await page.click('#predict-button');
  assert.equal(await page.textContent('#sepal_length-error'), 'Must be at most 100 cm.');
  assert.equal(await page.getAttribute('#sepal_length', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#sepal_length'), '150');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sepal_length');
  assert.equal(await page.locator('#result-class').count(), 0);
  await page.context().close();
});

test('keyboard only: Tab to the first field, type, Enter submits', { skip }, async () => {
  const page = await newPage();
  for (let presses = 0; presses < 5; presses += 1) {
    if (await page.evaluate(() => document.activeElement.id) === 'sepal_length') break;
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sepal_length');
  await page.keyboard.type('5.0');
  for (const value of ['3.4', '1.5', '0.2']) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'petal_width');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#result-class');
  assert.equal(await page.textContent('#result-class'), 'Iris setosa');
  await page.context().close();
});

test('on a phone-sized screen the page fits without sideways scrolling', { skip }, async () => {
  const page = await newPage({ viewport: { width: 360, height: 740 } });
  await fill(page, ['6.3', '3.3', '6.0', '2.5']);
  await page.click('#predict-button');
  await page.waitForSelector('#result-class');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.screenshot({ path: path.join(RESULTS_DIR, 'result-phone.png'), fullPage: true });
  await page.context().close();
});

test('axe-core finds no accessibility violations on the form and the result page', { skip }, async () => {
  // axe is injected as a script, which the app's CSP (rightly) forbids; only this test bypasses it.
  const page = await newPage({ bypassCSP: true });
  assert.deepEqual(await axeViolations(page), []);
  await fill(page, ['6.4', '3.2', '4.5', '1.5']);
  await page.click('#predict-button');
  await page.waitForSelector('#result-class');
  assert.deepEqual(await axeViolations(page), []);
  await fill(page, ['51', '35', '14', '2']);  // millimetres: warnings beside the result
  await page.click('#predict-button');
  await page.waitForSelector('#result-notice');
  assert.match(await page.textContent('#result-notice'), /millimetres/);
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('ml_app down shows the unavailable message, and the page recovers by itself when it is back', { skip }, async () => {
  const page = await newPage();
  const { port } = ml;
  await ml.stop();
  await fill(page, ['5.1', '3.5', '1.4', '0.2']);
  await page.click('#predict-button');
  await page.waitForSelector('.alert[role="alert"]');
  assert.equal(await page.textContent('.alert-message'), UNAVAILABLE);
  await page.screenshot({ path: path.join(RESULTS_DIR, 'service-down.png'), fullPage: true });

  ml = await startMlApp({ port, env: ML_ENV });
  await page.waitForSelector('#result-class', { timeout: 30000 });
  assert.equal(await page.textContent('#result-class'), 'Iris setosa');
  await page.context().close();
});
