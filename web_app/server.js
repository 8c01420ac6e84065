'use strict';
/**
 * Entry point: read the settings from the environment, listen, and stop
 * cleanly on SIGTERM/SIGINT (finish the requests in flight, then exit), so a
 * container or `./build.sh up` can stop it without dropping a prediction.
 */
const { createApp } = require('./app');

const SHUTDOWN_GRACE_MS = 10000;

/** A positive integer from the environment, or the fallback. */
function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function main() {
  const host = process.env.WEB_HOST || '127.0.0.1';
  const port = intFromEnv('WEB_PORT', 3000);
  const mlUrl = process.env.ML_URL || 'http://127.0.0.1:5000';
  const app = createApp({
    mlUrl,
    apiToken: process.env.API_TOKEN || undefined,
    timeoutMs: intFromEnv('ML_TIMEOUT_MS', 5000),
    resolveRefreshMs: intFromEnv('ML_RESOLVE_REFRESH_MS', 5000),
  });
  const server = app.listen(port, host, () => {
    console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'listening', url: `http://${host}:${port}`, ml_url: mlUrl }));
  });
  server.on('error', (err) => {
    console.error(JSON.stringify({ level: 'error', msg: `cannot listen on ${host}:${port}: ${err.message}` }));
    process.exit(1);
  });

  /** Stop accepting, let in-flight requests finish, then exit (forced after a grace period). */
  function shutdown(signal) {
    console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'shutting down', signal }));
    server.close(() => {
      app.locals.ml.close();
      process.exit(0);
    });
    // close() only drops the connections idle right now; a keep-alive connection
    // whose request finishes later would hold the exit until its idle timeout.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  }
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main();
