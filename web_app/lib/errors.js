'use strict';
/**
 * What can go wrong when asking ml_app, said for people.
 *
 * Each failure has an HTTP status for our own clients, a stable code for the
 * browser script and a message a person can act on. Internal detail (socket
 * errors, ml_app's own wording) goes to the log, never to the page.
 */

const UNAVAILABLE = 'The prediction service is unavailable, try again in a moment.';

const KINDS = {
  unavailable: { status: 503, code: 'service_unavailable', message: UNAVAILABLE },
  timeout: { status: 504, code: 'service_timeout', message: 'The prediction service took too long to answer, try again.' },
  upstream: { status: 502, code: 'service_error', message: UNAVAILABLE },
  invalid: { status: 400, code: 'invalid_input', message: 'Some measurements need fixing.' },
  changed: { status: 409, code: 'model_changed', message: 'The model behind this form has changed. Check the inputs of its new form, then predict again.' },
};

/** A failed call to ml_app; `kind` is a key of KINDS. */
class MlError extends Error {
  constructor(kind, detail, { fieldErrors = {}, upstreamStatus } = {}) {
    super(`${kind}: ${detail}`);
    this.kind = kind;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.upstreamStatus = upstreamStatus;
    Object.assign(this, KINDS[kind]);
  }
}

/** The JSON error body this app answers with (the same shape as ml_app's). */
function errorBody(code, message, fieldErrors = {}) {
  const details = Object.entries(fieldErrors).map(([field, problem]) => ({ field, problem }));
  return { error: { code, message, details } };
}

module.exports = { MlError, KINDS, errorBody };
