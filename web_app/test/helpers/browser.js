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

module.exports = { skip, launchChromium };
