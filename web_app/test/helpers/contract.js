'use strict';
/**
 * The project's contract as the tests use it: contract/iris.json read from disk, not
 * through lib/, and the Iris form as lib/contract.js reads it from an ml_app answer.
 */
const fs = require('node:fs');
const path = require('node:path');
const { asForm } = require('../../lib/contract');

const CONTRACT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'contract', 'iris.json'), 'utf8'));
/** The field names, in the contract's order. */
const FIELD_NAMES = CONTRACT.fields.map((field) => field.name);
/** A typical setosa flower: valid input for the form and for ml_app. */
const SETOSA = Object.freeze({ ...CONTRACT.examples.setosa.values });
/**
 * The Iris form for the pure unit tests, from what ml_app's GET /model answers for the Iris
 * model (iris.json's fields and example flowers, docs/model-artifact.md "Format 2", Iris);
 * contract.test.js checks the form a real ml_app gives against iris.json.
 */
const IRIS_FORM = asForm({
  model_version: '0123456789ab',
  task: 'classification',
  model_name: 'iris',
  target: { name: 'species', kind: 'category', classes: ['setosa', 'versicolor', 'virginica'] },
  inputs: CONTRACT.fields.map((field) => ({
    name: field.name, kind: 'number', label: field.label, unit: CONTRACT.measurement.unit, missing: false,
    accept: { exclusive_minimum: CONTRACT.measurement.exclusive_minimum, maximum: CONTRACT.measurement.maximum }, form: field.form,
  })),
  examples: CONTRACT.uses.form_presets.map((id) => ({ label: CONTRACT.examples[id].label, values: CONTRACT.examples[id].values })),
});

module.exports = { CONTRACT, FIELD_NAMES, SETOSA, IRIS_FORM };
