'use strict';
/**
 * The project's contract as the tests use it: contract/iris.json read from disk, not
 * through lib/, and the Iris form as lib/contract.js reads it from an ml_app answer
 * (for the pure unit tests; contract.test.js checks the form a real ml_app gives).
 */
const fs = require('node:fs');
const path = require('node:path');
const { asForm } = require('../../lib/contract');

const CONTRACT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'contract', 'iris.json'), 'utf8'));
/** The field names, in the contract's order. */
const FIELD_NAMES = CONTRACT.fields.map((field) => field.name);
/** A typical setosa flower: valid input for the form and for ml_app. */
const SETOSA = Object.freeze({ ...CONTRACT.examples.setosa.values });
/** The Iris form, from GET /model of an ml_app that serves the Iris model (format 1: no `inputs`). */
const IRIS_FORM = asForm({
  model_version: '0123456789ab',
  feature_fields: Object.fromEntries(FIELD_NAMES.map((name) => [name, name])),
  class_names: ['setosa', 'versicolor', 'virginica'],
});

module.exports = { CONTRACT, FIELD_NAMES, SETOSA, IRIS_FORM };
