'use strict';
/**
 * ml_app's warnings (a measurement unlike the model's training data, millimetres typed
 * for centimetres) in words a person understands. The server renders them into the
 * no-JavaScript page and sends them to the browser script with the result, so both
 * say exactly the same thing.
 */
const { FIELDS } = require('./fields');

const LABELS = Object.fromEntries(FIELDS.map((field) => [field.name, field.label]));

/** One warning as a sentence; null for one this app cannot put into words. */
function sentence(warning) {
  if (!warning || typeof warning !== 'object') return null;
  if (warning.code === 'looks_like_millimetres') {
    return 'All four measurements are about ten times those of a real iris. Were they measured in millimetres? '
      + 'Enter centimetres: 10 mm is 1 cm.';
  }
  const range = warning.training_range;
  if (warning.code === 'outside_training_range' && LABELS[warning.field] && range) {
    const label = LABELS[warning.field].toLowerCase();
    return `A ${label} of ${warning.value} cm is far from anything the model learned from (its flowers' `
      + `${label}s were ${range.min} to ${range.max} cm), so this prediction may well be wrong. `
      + 'Please check that measurement.';
  }
  return typeof warning.message === 'string' ? warning.message : null;
}

/** The sentences for ml_app's `warnings` (absent for a typical flower: then none). */
function warningTexts(warnings) {
  return Array.isArray(warnings) ? warnings.map(sentence).filter(Boolean) : [];
}

module.exports = { warningTexts };
