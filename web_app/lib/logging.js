'use strict';
/**
 * Request ids and JSON access logs.
 *
 * Every request gets an id (a caller's X-Request-ID when it looks sane, else a
 * new UUID). It is echoed back, passed on to ml_app, and written in one JSON
 * line per request, so one prediction can be followed through both services.
 */
const { randomUUID } = require('node:crypto');

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Write one JSON line to stdout; the default sink for logs. */
function stdoutLog(entry) {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

/** Middleware: assign req.id and echo it as X-Request-ID. */
function requestId() {
  return (req, res, next) => {
    const incoming = req.get('X-Request-ID');
    req.id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.set('X-Request-ID', req.id);
    next();
  };
}

/**
 * Middleware: one log line per finished request. Routes add what they learned
 * (which ml_app address answered, why a call failed) to res.locals.log.
 */
function accessLog(log = stdoutLog) {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.locals.log = {};
    res.on('finish', () => {
      log({
        time: new Date().toISOString(),
        level: res.statusCode >= 500 ? 'error' : 'info',
        msg: 'request',
        request_id: req.id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
        ...res.locals.log,
      });
    });
    next();
  };
}

module.exports = { requestId, accessLog, stdoutLog };
