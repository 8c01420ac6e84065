'use strict';
/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a downloaded browser).
 * Outside CI a machine without it skips with a reason; under CI it must fail instead.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';
const IN_CI = ['true', '1'].includes(process.env.CI);
const missingChromium = !fs.existsSync(CHROMIUM);
const skip = missingChromium && !IN_CI
  ? `${CHROMIUM} is not installed (apt-get install chromium); the browser tests need it` : false;

/** Launch Chromium headless with the project's flags (call only when `skip` is false). */
async function launchChromium() {
  assert.ok(!missingChromium, `CI needs ${CHROMIUM}: ./build.sh test installs it under CI=true`);
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A fresh page of `browser` at `url`; console errors (a CSP violation, a script error) are
 * collected in page.errors.
 */
async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, ...contextOptions });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  page.on('pageerror', (err) => page.errors.push(err.message));
  await page.goto(url);
  return page;
}

/**
 * Run axe-core in the page and return its violations (rule id and the nodes' targets).
 * axe is injected as a script, which the app's CSP (rightly) forbids: open the page with
 * `bypassCSP: true`.
 */
async function axeViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

module.exports = { skip, launchChromium, openPage, axeViolations };
