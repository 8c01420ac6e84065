'use strict';
/**
 * The server-side checks of a submitted form, mirroring the browser's (the
 * min/max/step/required attributes the views render from the same fields), and the
 * messages both say.
 *
 * The fields come from ml_app's contract (lib/contract.js), so the HTML inputs, the
 * browser script (via data attributes) and the server can never disagree on a limit.
 * The checks are for people: ml_app checks again and stays the authority.
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DECIMALS = ['', 'one', 'two', 'three', 'four', 'five', 'six'];

/** " cm" for a field with a unit, "" without. */
function unitSuffix(field) {
  return field.unit ? ` ${field.unit}` : '';
}

/** The messages of one field, for the server and (as data attributes) the browser script. */
function messages(field) {
  const example = field.placeholder ? `, for example ${field.placeholder}` : '';
  const name = field.label.toLowerCase();
  if (field.kind === 'category' || field.kind === 'boolean') {
    const choices = field.options.map((option) => option.text).join(', ');
    return {
      missing: field.kind === 'boolean' ? `Choose yes or no for ${name}.` : `Choose the ${name}.`,
      choice: `Choose one of: ${choices}.`,
      single: 'Send a single value.',
    };
  }
  const says = { missing: `Enter the ${name}${field.unit ? ` in ${field.unit}` : ''}.`, bad: `Enter a number${example}.` };
  if (field.min !== undefined) says.under = `Must be at least ${field.min}${unitSuffix(field)}.`;
  else if (field.exclusiveMin !== undefined) says.under = `Must be more than ${field.exclusiveMin}${unitSuffix(field)}.`;
  if (field.max !== undefined) says.over = `Must be at most ${field.max}${unitSuffix(field)}.`;
  if (field.step !== undefined) says.step = stepMessage(field.step, example);
  return { ...says, single: 'Send a single number.' };
}

/** How to say a step: 1 is a whole number, 0.01 two decimal places, 0.5 a multiple. */
function stepMessage(step, example) {
  if (step === 1) return `Enter a whole number${example}.`;
  const places = Math.round(-Math.log10(step));
  if (places > 0 && places < DECIMALS.length && Math.abs(10 ** -places - step) < 1e-12) {
    return `Use at most ${DECIMALS[places]} decimal place${places > 1 ? 's' : ''}${example}.`;
  }
  return `Use a multiple of ${step}${example}.`;
}

/** Whether a value is a whole number of steps (the input's step attribute, e.g. 0.1 cm). */
function onStep(value, step) {
  if (step === undefined) return true;
  const steps = value / step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** The text of a submitted value, '' when absent. */
function asText(input) {
  return input === undefined || input === null ? '' : String(input).trim();
}

/** Check one number or integer: [value to send] or [undefined, problem]. */
function checkNumber(field, input, says) {
  const text = asText(input);
  if (text === '') return field.required ? [undefined, says.missing] : [null];
  if (!NUMBER.test(text)) return [undefined, says.bad];
  const value = Number(text);
  if (!Number.isFinite(value)) return [undefined, says.bad];
  if (field.min !== undefined && value < field.min) return [undefined, says.under];
  if (field.exclusiveMin !== undefined && value <= field.exclusiveMin) return [undefined, says.under];
  if (field.max !== undefined && value > field.max) return [undefined, says.over];
  if (!onStep(value, field.step)) return [undefined, says.step];
  return [value];
}

/** Check one category or boolean: the choice as the data writes it (a number stays a number). */
function checkChoice(field, input, says) {
  const text = asText(input);
  if (text === '') return field.required ? [undefined, says.missing] : [null];
  const option = field.options.find((o) => o.value === input || String(o.value) === text);
  if (option) return [option.value];
  if (field.kind === 'category' && field.unknown === 'warn') return [text];
  return [undefined, says.choice];
}

/** Why one value is not acceptable for its field, or the value to send to ml_app. */
function checkField(field, input) {
  const says = messages(field);
  if (typeof input === 'object' && input !== null) return [undefined, says.single];
  return field.kind === 'number' || field.kind === 'integer' ? checkNumber(field, input, says) : checkChoice(field, input, says);
}

/**
 * Check a submitted body (form strings or JSON values) against the form's fields.
 * Returns the values to send to ml_app (in the contract's order), the per-field
 * messages, and the raw text to put back in the form so a person keeps what they typed.
 */
function validate(form, body) {
  const source = body && typeof body === 'object' ? body : {};
  const values = {};
  const errors = {};
  const raw = {};
  for (const field of form.fields) {
    const input = source[field.name];
    raw[field.name] = ['string', 'number', 'boolean'].includes(typeof input) ? String(input) : '';
    const [value, problem] = checkField(field, input);
    if (problem) errors[field.name] = problem;
    else values[field.name] = value;
  }
  return { values, errors, raw, ok: Object.keys(errors).length === 0 };
}

/** The preset with this id, or undefined. */
function findPreset(form, id) {
  return form.presets.find((preset) => preset.id === id);
}

/** A value as the form shows it: a number to its field's step (6 -> "6.0" for a 0.1 step), others as written. */
function formatValue(field, value) {
  if (value === null || value === undefined) return '';
  if ((field.kind === 'number' || field.kind === 'integer') && typeof value === 'number' && field.step !== undefined) {
    const places = Math.max(0, Math.round(-Math.log10(field.step)));
    return value.toFixed(places);
  }
  return String(value);
}

module.exports = { validate, findPreset, formatValue, messages };
