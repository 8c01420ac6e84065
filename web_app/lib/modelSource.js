'use strict';
/**
 * The form ml_app's model asks for, learned at run time: fetched from GET /model at
 * start, checked again when it is older than `refreshMs` or when a prediction comes
 * back from another model_version, and kept while ml_app is unreachable (the last good
 * form; ml_app's own answer to the prediction then says it is down).
 *
 * So swapping ml_app's model needs no web_app rebuild or restart: the next page shows
 * the new model's fields.
 */
const { MlError } = require('./errors');
const { asForm, ContractError } = require('./contract');

/**
 * @param {object} ml  the ml_app client (lib/mlClient.js)
 * @param {object} [options]
 * @param {number} [options.refreshMs]  how long a fetched form is trusted before GET /model is asked again
 * @param {Function} [options.log]      sink for JSON log entries
 */
function createModelSource(ml, { refreshMs = 5000, log = () => {} } = {}) {
  let current = null;
  let checkedAt = -Infinity;
  let pending = null;

  /** Ask ml_app for its contract now (one request at a time); resolves the form or throws MlError. */
  function load(requestId) {
    pending ??= ml.model(requestId).then((info) => {
      let form;
      try {
        form = asForm(info);
      } catch (err) {
        if (!(err instanceof ContractError)) throw err;
        throw new MlError('upstream', `GET /model: ${err.message}`);
      }
      if (form.modelVersion !== current?.modelVersion) {
        log({ time: new Date().toISOString(), level: 'info', msg: 'model contract loaded', model_version: form.modelVersion,
          model_name: form.modelName, task: form.task, fields: form.fields.map((field) => field.name) });
      }
      current = form;
      checkedAt = Date.now();
      return form;
    }).finally(() => {
      pending = null;
    });
    return pending;
  }

  /**
   * The form to show: the cached one while it is fresh, else ml_app's current one; the
   * last good one when ml_app cannot answer. Throws MlError only when there is none yet.
   */
  async function get(requestId) {
    if (current && Date.now() - checkedAt < refreshMs) return current;
    return refresh(requestId);
  }

  /** The form for a prediction: the cached one at once when there is one (ml_app answers for itself). */
  async function forPrediction(requestId) {
    return current ?? load(requestId);
  }

  /** Ask ml_app for its contract now; the last good form when it cannot answer. */
  async function refresh(requestId) {
    try {
      return await load(requestId);
    } catch (err) {
      if (current && err instanceof MlError) return current;
      throw err;
    }
  }

  /** A prediction came from `modelVersion`: when that is not the form's model, ask for the new contract. */
  function saw(modelVersion, requestId) {
    if (!current || !modelVersion || modelVersion === current.modelVersion) return;
    checkedAt = -Infinity;
    load(requestId).catch(() => {});
  }

  /** Fetch the contract at start; a failure is logged and retried on the first page. */
  function warm() {
    return load('startup').catch((err) => {
      log({ time: new Date().toISOString(), level: 'warn', msg: 'model contract not loaded yet', error: err.detail ?? err.message });
    });
  }

  return { get, refresh, forPrediction, saw, warm, current: () => current };
}

module.exports = { createModelSource };
