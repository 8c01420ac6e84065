'use strict';
/**
 * An ml_app from before artifact format 2 serves only the Iris model, and its GET /model
 * has no `inputs`. This reads that answer as the format 2 contract ml_app now serves for
 * Iris: contract/iris.json's fields, units, form ranges, API bounds and example flowers
 * (docs/model-artifact.md, "Format 2", Iris). So a new web_app works beside an older
 * ml_app during a rolling upgrade. Once every ml_app serves format 2, this file can go.
 */
const IRIS = require('../../contract/iris.json');

/** GET /model as format 2: unchanged when it has `inputs`, else the Iris contract. */
function asFormat2(info) {
  if (!info || typeof info !== 'object' || Array.isArray(info.inputs) || !info.feature_fields) return info ?? {};
  const { unit, exclusive_minimum: exclusiveMinimum, maximum } = IRIS.measurement;
  return {
    ...info,
    task: 'classification',
    model_name: 'iris',
    target: { name: 'species', kind: 'category', classes: info.class_names },
    inputs: IRIS.fields.map((field) => ({
      name: field.name,
      kind: 'number',
      label: field.label,
      unit,
      description: null,
      missing: false,
      accept: { exclusive_minimum: exclusiveMinimum, maximum },
      form: field.form,
    })),
    examples: IRIS.uses.form_presets.map((id) => ({ label: IRIS.examples[id].label, values: IRIS.examples[id].values })),
  };
}

module.exports = { asFormat2 };
