'use strict';
/**
 * The web app: a form for the inputs of whatever model ml_app serves, learned from
 * ml_app's GET /model at run time, that asks ml_app for a prediction. createApp builds
 * it without listening, so tests and server.js share exactly the same app.
 */
const path = require('node:path');
const express = require('express');
const helmet = require('helmet');
const { createMlClient } = require('./lib/mlClient');
const { validate, findPreset, formatValue } = require('./lib/fields');
const { createModelSource } = require('./lib/modelSource');
const { MlError, KINDS, errorBody } = require('./lib/errors');
const { requestId, accessLog, stdoutLog } = require('./lib/logging');
const views = require('./lib/views');
const { warningTexts } = require('./lib/warnings');

const BODY_LIMIT = '4kb';

/** Security headers: a CSP that allows this origin only, and no inline code. */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
  });
}

/** Ask ml_app, recording in the access log which replica answered or why it failed. */
async function askMl(ml, models, form, values, req, res) {
  try {
    const { result, address } = await ml.predict(values, req.id);
    res.locals.log.upstream = address;
    models.saw(result.model_version, req.id);
    return { ...result, notes: warningTexts(result.warnings, form.fields) };
  } catch (err) {
    if (!(err instanceof MlError)) throw err;
    res.locals.log.ml_error = err.detail;
    throw await (err.kind === 'invalid' ? changedOr(err, models, form, req) : err);
  }
}

/**
 * ml_app refused fields the form asked for: when that is because ml_app now serves another
 * model, say so (the form is then drawn for the new model); else ml_app's own refusal.
 */
async function changedOr(err, models, form, req) {
  const fresh = await models.refresh(req.id);
  if (fresh.modelVersion === form.modelVersion) return err;
  return new MlError('changed', `model ${form.modelVersion} became ${fresh.modelVersion}`);
}

/**
 * The form ml_app's model asks for (`forPrediction` for a prediction, else the page's);
 * null after answering a clear page or error itself when there is none yet.
 */
async function formFor(models, req, res, { json = false, forPrediction = false } = {}) {
  try {
    return await (forPrediction ? models.forPrediction(req.id) : models.get(req.id));
  } catch (err) {
    if (!(err instanceof MlError)) throw err;
    res.locals.log.ml_error = err.detail;
    res.status(err.status);
    if (json) res.json(errorBody(err.code, err.message));
    else res.type('html').send(String(views.serviceDownPage(err.message)));
    return null;
  }
}

/**
 * Check the body against the form; when it does not fit, against ml_app's current form if
 * the cached one is stale (the model may have changed under a page still showing the old one).
 * Returns the form used and validate()'s answer.
 */
async function checkBody(models, form, req) {
  const checked = validate(form, req.body);
  if (checked.ok) return { form, checked };
  const current = await models.get(req.id);
  return current === form ? { form, checked } : { form: current, checked: validate(current, req.body) };
}

/** The form page, prefilled from ?preset=... when an example was picked. */
function showForm(models) {
  return async (req, res) => {
    const form = await formFor(models, req, res);
    if (!form) return undefined;
    const preset = findPreset(form, req.query.preset);
    const raw = preset ? Object.fromEntries(form.fields.map((field) => [field.name, formatValue(field, preset.values[field.name])])) : {};
    return res.type('html').send(String(views.page(form, { raw })));
  };
}

/** No-JavaScript path: the form posts here and gets a whole page back. */
function predictPage(ml, models) {
  return async (req, res) => {
    const cached = await formFor(models, req, res, { forPrediction: true });
    if (!cached) return undefined;
    const { form, checked: { values, errors, raw, ok } } = await checkBody(models, cached, req);
    if (!ok) return res.status(400).type('html').send(String(views.page(form, { raw, errors })));
    try {
      const result = await askMl(ml, models, form, values, req, res);
      return res.type('html').send(String(views.page(form, { raw, result })));
    } catch (err) {
      if (!(err instanceof MlError)) throw err;
      const shown = err.kind === 'changed' ? models.current() : form;
      const page = views.page(shown, { raw, errors: err.fieldErrors, serviceError: err.kind === 'invalid' ? null : err.message });
      return res.status(err.status).type('html').send(String(page));
    }
  };
}

/** JavaScript path: JSON in, JSON out, errors in ml_app's own error shape. */
function predictJson(ml, models) {
  return async (req, res) => {
    if (!req.is('application/json')) {
      return res.status(415).json(errorBody('unsupported_media_type', 'Send the inputs as JSON.'));
    }
    const cached = await formFor(models, req, res, { json: true, forPrediction: true });
    if (!cached) return undefined;
    const { form, checked: { values, errors, ok } } = await checkBody(models, cached, req);
    if (!ok) return res.status(400).json(errorBody(KINDS.invalid.code, KINDS.invalid.message, errors));
    try {
      return res.json(await askMl(ml, models, form, values, req, res));
    } catch (err) {
      if (!(err instanceof MlError)) throw err;
      return res.status(err.status).json(errorBody(err.code, err.message, err.fieldErrors));
    }
  };
}

/** Readiness: this app is only useful when ml_app answers. */
function readiness(ml) {
  return async (req, res) => {
    if (await ml.ready(req.id)) return res.json({ status: 'ready' });
    return res.status(503).json({ status: 'unavailable', message: KINDS.unavailable.message });
  };
}

/** True when the client asked for JSON rather than a page. */
function wantsJson(req) {
  return req.path.startsWith('/api/') || !req.accepts('html');
}

/** Last resort: a clear message, never a stack trace. */
function errorHandler(log, models) {
  return (err, req, res, next) => {
    const known = {
      'entity.too.large': [413, 'payload_too_large', 'The request is too large.'],
      'entity.parse.failed': [400, 'invalid_body', 'The request body could not be read.'],
    }[err.type];
    const [status, code, message] = known ?? [500, 'internal_error', 'Something went wrong on our side, try again.'];
    if (!known) log({ time: new Date().toISOString(), level: 'error', msg: 'unhandled error', request_id: req.id, error: err.stack });
    res.status(status);
    if (wantsJson(req)) return res.json(errorBody(code, message));
    return res.type('html').send(String(views.messagePage('Something went wrong', message, models.current()?.copy)));
  };
}

/** Unknown paths: a page for people, JSON for scripts. */
function notFound(models) {
  return (req, res) => {
    res.status(404);
    if (wantsJson(req)) return res.json(errorBody('not_found', 'There is nothing at this address.'));
    const page = views.messagePage('Page not found', 'There is nothing at this address.', models.current()?.copy);
    return res.type('html').send(String(page));
  };
}

/**
 * Build the app.
 * @param {object} options
 * @param {string} options.mlUrl       ml_app's base URL
 * @param {string} [options.apiToken]  bearer token for ml_app
 * @param {number} [options.timeoutMs] deadline for one call to ml_app
 * @param {number} [options.resolveRefreshMs] how long a DNS answer for ml_app is reused
 * @param {number} [options.contractRefreshMs] how long ml_app's contract (GET /model) is trusted before it is asked again
 * @param {Function} [options.lookup]  dns.lookup-compatible resolver for ml_app's host
 * @param {Function} [options.log]     sink for JSON log entries
 */
function createApp({ mlUrl, apiToken, timeoutMs, resolveRefreshMs, contractRefreshMs, lookup, log = stdoutLog } = {}) {
  const ml = createMlClient({ mlUrl, apiToken, timeoutMs, resolveRefreshMs, lookup });
  const models = createModelSource(ml, { refreshMs: contractRefreshMs, log });
  const app = express();
  app.disable('x-powered-by');
  app.locals.ml = ml;
  app.locals.models = models;

  app.use(requestId(), accessLog(log), securityHeaders());
  app.use('/static', express.static(path.join(__dirname, 'public'), { maxAge: '1h', index: false }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }), express.json({ limit: BODY_LIMIT }));

  app.get('/', showForm(models));
  app.post('/predict', predictPage(ml, models));
  app.post('/api/predict', predictJson(ml, models));
  app.get('/health', (req, res) => res.json({ status: 'ok' }));
  app.get('/ready', readiness(ml));
  app.use(notFound(models));
  app.use(errorHandler(log, models));
  return app;
}

module.exports = { createApp };
