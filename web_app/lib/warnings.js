'use strict';
/**
 * ml_app's warnings (a value unlike the model's training data, millimetres typed
 * for centimetres) in words a person understands, naming the field by its label. The
 * server renders them into the no-JavaScript page and sends them to the browser script
 * with the result, so both say exactly the same thing.
 */

/** One warning as a sentence; null for one this app cannot put into words. */
function sentence(warning, fields) {
  if (!warning || typeof warning !== 'object') return null;
  if (warning.code === 'looks_like_millimetres') {
    return 'All four measurements are about ten times those of a real iris. Were they measured in millimetres? '
      + 'Enter centimetres: 10 mm is 1 cm.';
  }
  const range = warning.training_range;
  const field = fields.find((f) => f.name === warning.field);
  if (warning.code === 'outside_training_range' && field && range) {
    const label = field.label.toLowerCase();
    const unit = field.unit ? ` ${field.unit}` : '';
    return `A ${label} of ${warning.value}${unit} is far from anything the model learned from (in its training data `
      + `the ${label} ran from ${range.min} to ${range.max}${unit}), so this prediction may well be wrong. `
      + 'Please check that value.';
  }
  return typeof warning.message === 'string' ? warning.message : null;
}

/** The sentences for ml_app's `warnings` about the form's `fields` (absent for a typical row: then none). */
function warningTexts(warnings, fields = []) {
  return Array.isArray(warnings) ? warnings.map((warning) => sentence(warning, fields)).filter(Boolean) : [];
}

module.exports = { warningTexts };
