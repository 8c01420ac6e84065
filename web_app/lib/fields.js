'use strict';
/**
 * The four measurements the form asks for, the example flowers, and the
 * server-side validation that mirrors the browser's (min/max/step attributes).
 *
 * One definition feeds the HTML inputs, the browser script (via data
 * attributes) and the server, so the three can never disagree on a limit.
 */

const FIELDS = [
  { name: 'sepal_length', label: 'Sepal length', min: 1, max: 10, step: 0.1, placeholder: '5.1' },
  { name: 'sepal_width', label: 'Sepal width', min: 0.5, max: 6, step: 0.1, placeholder: '3.5' },
  { name: 'petal_length', label: 'Petal length', min: 0.5, max: 10, step: 0.1, placeholder: '1.4' },
  { name: 'petal_width', label: 'Petal width', min: 0.1, max: 4, step: 0.1, placeholder: '0.2' },
];

/** One typical flower of each species, from the Iris data set itself. */
const PRESETS = [
  { id: 'setosa', label: 'Setosa', values: { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 } },
  { id: 'versicolor', label: 'Versicolor', values: { sepal_length: 6.4, sepal_width: 3.2, petal_length: 4.5, petal_width: 1.5 } },
  { id: 'virginica', label: 'Virginica', values: { sepal_length: 6.3, sepal_width: 3.3, petal_length: 6.0, petal_width: 2.5 } },
];

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
