'use strict';
/** The project's contract (contract/iris.json) as the tests use it: read from disk, not through lib/. */
const fs = require('node:fs');
const path = require('node:path');

const CONTRACT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'contract', 'iris.json'), 'utf8'));
/** The field names, in the contract's order. */
const FIELD_NAMES = CONTRACT.fields.map((field) => field.name);
/** A typical setosa flower: valid input for the form and for ml_app. */
const SETOSA = Object.freeze({ ...CONTRACT.examples.setosa.values });

module.exports = { CONTRACT, FIELD_NAMES, SETOSA };
