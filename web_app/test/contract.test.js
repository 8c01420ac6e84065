'use strict';
/**
 * The Iris form agrees with contract/iris.json: the rendered inputs, their limits, the
 * preset links and the server-side validation. The form is the one web_app draws from
 * what a real ml_app serves (GET /model), and the contract is read here from disk, not
 * through lib/, so ml_app's contract and web_app's reading of it cannot drift apart.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { validate } = require('../lib/fields');
const { startMlApp, startWebApp } = require('./helpers/processes');
const { CONTRACT } = require('./helpers/contract');

let ml;
let web;
let PAGE;
let FORM;

test.before(async () => {
  ml = await startMlApp({ env: { WEB_CONCURRENCY: '1' } });
  web = await startWebApp({ mlUrl: ml.url });
  PAGE = await (await fetch(`${web.url}/`)).text();
  FORM = await web.app.locals.models.get('contract-test');
});

test.after(async () => {
  await web?.close();
  await ml?.stop();
});

/** The attributes of every tag `pattern` matches in the page, one object per tag. */
function tags(pattern) {
  return [...PAGE.matchAll(pattern)].map((match) => Object.fromEntries(
    [...match[0].matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]),
  ));
}

const unescape = (text) => text.replace(/&quot;/g, '"').replace(/&amp;/g, '&');

test('the form has the contract\'s fields, in order, with its labels and limits', () => {
  const inputs = tags(/<input [^>]*type="number"[^>]*>/g);
  assert.deepEqual(inputs.map((input) => input.name), CONTRACT.fields.map((field) => field.name));
  for (const [input, field] of inputs.map((input, i) => [input, CONTRACT.fields[i]])) {
    const { min, max, step, placeholder } = field.form;
    assert.deepEqual([input.min, input.max, input.step, input.placeholder].map(String),
      [min, max, step, placeholder].map(String), field.name);
    assert.match(PAGE, new RegExp(`<label for="${field.name}">${field.label} `), field.name);
  }
});

test('the preset links carry the contract\'s example flowers, named as iris.json names them', () => {
  const links = tags(/<a class="preset"[^>]*>/g);
  const expected = CONTRACT.uses.form_presets.map((id) => [`/?preset=${id}#measurements`, CONTRACT.examples[id].values]);
  assert.deepEqual(links.map((link) => [link.href, JSON.parse(unescape(link['data-values']))]), expected);
  const names = [...PAGE.matchAll(/<a class="preset"[^>]*>([^<]*)</g)].map(([, text]) => text.trim());
  assert.deepEqual(names, CONTRACT.uses.form_presets.map((id) => CONTRACT.examples[id].label));
});

test('the server accepts exactly the contract\'s form range of each field', () => {
  const preset = CONTRACT.examples[CONTRACT.uses.form_presets[0]].values;
  for (const { name, form } of CONTRACT.fields) {
    const outcome = (value) => validate(FORM, { ...preset, [name]: String(value) }).ok;
    const below = Math.round((form.min - form.step) * 10) / 10;
    const above = Math.round((form.max + form.step) * 10) / 10;
    assert.deepEqual([below, form.min, form.max, above].map(outcome), [false, true, true, false], name);
  }
});
