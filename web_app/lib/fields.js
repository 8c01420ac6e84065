'use strict';
/**
 * The four measurements the form asks for, the example flowers, and the
 * server-side validation that mirrors the browser's (min/max/step attributes).
 *
 * The fields, their limits and the presets come from the project's contract,
 * contract/iris.json, which ml_app reads too. From it this module feeds the
 * HTML inputs, the browser script (via data attributes) and the server, so the
 * three can never disagree on a limit.
 */

const CONTRACT = require('../../contract/iris.json');

/** The form's fields, in the contract's order: { name, label, min, max, step, placeholder }. */
const FIELDS = CONTRACT.fields.map((field) => Object.freeze({ name: field.name, label: field.label, ...field.form }));

/** One typical flower of each species, from the Iris data set itself. */
const PRESETS = CONTRACT.uses.form_presets.map((id) => {
  const { label, values } = CONTRACT.examples[id];
  return Object.freeze({ id, label, values: { ...values } });
});

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Why one raw value is not an acceptable measurement, or null when it is. */
function problemWith(field, raw) {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  if (text === '') return `Enter the ${field.label.toLowerCase()} in cm.`;
  if (!NUMBER.test(text)) return `Enter a number, for example ${field.placeholder}.`;
  const value = Number(text);
  if (value < field.min) return `Must be at least ${field.min} cm.`;
  if (value > field.max) return `Must be at most ${field.max} cm.`;
  if (!onStep(value, field.step)) return `Use at most one decimal place (millimetres), for example ${field.placeholder}.`;
  return null;
}

/** Whether a value is a whole number of steps (the input's step attribute, e.g. 0.1 cm). */
function onStep(value, step) {
  const steps = value / step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/**
 * Check a submitted body (form strings or JSON numbers).
 * Returns the numbers to send to ml_app, the per-field messages, and the raw
 * text to put back in the form so a person keeps what they typed.
 */
function validate(body) {
  const source = body && typeof body === 'object' ? body : {};
  const values = {};
  const errors = {};
  const raw = {};
  for (const field of FIELDS) {
    const input = source[field.name];
    raw[field.name] = typeof input === 'string' || typeof input === 'number' ? String(input) : '';
    const problem = typeof input === 'object' && input !== null ? 'Send a single number.' : problemWith(field, input);
    if (problem) errors[field.name] = problem;
    else values[field.name] = Number(String(input).trim());
  }
  return { values, errors, raw, ok: Object.keys(errors).length === 0 };
}

/** The preset with this id, or undefined. */
function findPreset(id) {
  return PRESETS.find((preset) => preset.id === id);
}

module.exports = { FIELDS, PRESETS, validate, findPreset };
