'use strict';
/**
 * HTML escaping by default.
 *
 * Every page is built with the `html` tagged template: each interpolated value
 * is escaped unless it is itself the output of `html` (a SafeHtml). So text
 * that came from a person or from ml_app can never become markup, and there is
 * no way to forget escaping at a call site.
 */

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup that is already safe: produced by `html`, so it is not escaped again. */
class SafeHtml {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

/** Escape the five characters that matter in text and in quoted attributes. */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/** Render one interpolated value: arrays are joined, null/undefined/false vanish. */
function renderValue(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: html`<p>${text}</p>` escapes `text` and returns SafeHtml. */
function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += renderValue(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

module.exports = { html };
