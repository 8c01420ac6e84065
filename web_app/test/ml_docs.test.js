'use strict';
/**
 * ml_app's /docs (Swagger UI, served by ml_app itself) in a real Chromium: it renders every
 * operation, loads nothing from elsewhere, trips no Content-Security-Policy, and a
 * try-it-out call with the bearer token typed into "Authorize" returns a prediction.
 * It lives here because this is where the project drives Playwright.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startMlApp } = require('./helpers/processes');
const { skip, launchChromium } = require('./helpers/browser');

const RESULTS_DIR = path.join(__dirname, '..', 'test-results');
const TOKEN = 'docs-token-7e6d';

let ml;
let browser;

test.before(async () => {
  if (skip) return;
  ml = await startMlApp({ env: { WEB_CONCURRENCY: '1', API_TOKEN: TOKEN } });
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  await ml?.stop();
});

/** /docs open in a fresh page, with its console errors and every URL it asked for. */
async function openDocs() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.errors = [];
  page.urls = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  page.on('pageerror', (err) => page.errors.push(err.message));
  page.on('request', (request) => page.urls.push(request.url()));
  const response = await page.goto(`${ml.url}/docs`);
  await page.waitForSelector('.opblock', { timeout: 30000 });
  page.headers = response.headers();
  return page;
}

test('/docs is Swagger UI over /openapi.json, every operation listed, nothing from elsewhere', { skip }, async () => {
  const page = await openDocs();
  const ids = await page.locator('.opblock').evaluateAll((blocks) => blocks.map((b) => b.id));
  assert.ok(ids.some((id) => id.endsWith('-predict')), 'POST /prediction is listed');
  assert.ok(ids.some((id) => id.endsWith('-v2Infer')), 'the V2 infer operation is listed');
  assert.ok(ids.length >= 13, `every operation is listed, got ${ids.length}`);
  assert.match(page.headers['content-security-policy'], /script-src 'self'/);
  assert.match(page.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  const foreign = page.urls.filter((url) => !url.startsWith(ml.url) && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no CDN, no validator: every request goes to ml_app');
  assert.deepEqual(page.errors, [], 'no script errors and no CSP violations');
  await page.close();
});

test('try it out with the bearer token: POST /prediction returns a prediction', { skip }, async () => {
  const page = await openDocs();
  await page.click('.auth-wrapper button.authorize');
  await page.fill('.modal-ux input', TOKEN);
  await page.click('.modal-ux .auth-btn-wrapper button.authorize');
  await page.click('.modal-ux button.btn-done');
  const operation = page.locator('.opblock[id$="-predict"]');
  await operation.locator('.opblock-summary-path').click();
  await operation.locator('button.execute').click();
  const answer = operation.locator('.live-responses-table tbody tr.response');
  await answer.waitFor({ timeout: 30000 });
  assert.equal((await answer.locator('.response-col_status').textContent()).trim(), '200');
  const body = JSON.parse(await answer.locator('.response-col_description pre').first().textContent());
  assert.equal(body.prediction, 'setosa', 'the example flower, predicted through try-it-out');
  assert.match(body.model_version, /^[0-9a-f]{12}$/);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, 'ml-docs-try-it-out.png'), fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.close();
});
