'use strict';
/**
 * Entry point: read the settings from the environment, listen, and stop
 * cleanly on SIGTERM/SIGINT (finish the requests in flight, then exit), so a
 * container or `./build.sh up` can stop it without dropping a prediction.
 */
const http = require('node:http');
const { createApp } = require('./app');
const { errorBody } = require('./lib/errors');

const SHUTDOWN_GRACE_MS = 10000;
/** How often Node looks for requests past their deadline (its default, 30 s, would let a 10 s deadline run to 40). */
const DEADLINE_CHECK_MS = 1000;
/** The answers this server makes itself, before Express sees a request. */
const SERVER_ERRORS = {
  400: ['Bad Request', 'bad_request', 'The request is not valid HTTP/1.1.'],
  408: ['Request Timeout', 'request_timeout', 'The request was not received in full in time.'],
  413: ['Payload Too Large', 'payload_too_large', 'The request is too large.'],
  431: ['Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large.'],
  503: ['Service Unavailable', 'server_busy', 'The server has too many connections open; retry shortly.'],
};

/** A positive integer from the environment, or the fallback. */
function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A whole HTTP/1.1 error response in the JSON error shape, closing the connection. */
function rawError(status) {
  const [reason, code, message] = SERVER_ERRORS[status];
  const body = JSON.stringify(errorBody(code, message));
  return `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/**
 * The HTTP server, guarded against slow and idle clients: a request must arrive
 * whole (headers and body) within WEB_REQUEST_TIMEOUT_MS (408, then close); an idle
 * kept-alive connection closes after WEB_KEEPALIVE_MS; past WEB_MAX_CONNECTIONS a
 * new connection gets 503 at once. Node's own answers to malformed requests and
 * timeouts are sent in the JSON error shape.
 */
function createServer(app) {
  const deadlineMs = intFromEnv('WEB_REQUEST_TIMEOUT_MS', 10000);
  const maxConnections = intFromEnv('WEB_MAX_CONNECTIONS', 10000);
  const server = http.createServer({
    headersTimeout: deadlineMs,
    requestTimeout: deadlineMs,
    keepAliveTimeout: intFromEnv('WEB_KEEPALIVE_MS', 5000),
    connectionsCheckingInterval: Math.min(DEADLINE_CHECK_MS, deadlineMs),
  }, app);
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    socket.once('close', () => { open -= 1; });
    if (open > maxConnections) socket.end(rawError(503));
  });
  server.on('clientError', (err, socket) => {
    const status = { ERR_HTTP_REQUEST_TIMEOUT: 408, HPE_HEADER_OVERFLOW: 431 }[err.code] ?? 400;
    if (socket.writable && !socket._httpMessage?.headersSent) socket.end(rawError(status));
    else socket.destroy();
  });
  return server;
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
    contractRefreshMs: intFromEnv('ML_CONTRACT_REFRESH_MS', 5000),
  });
  app.locals.models.warm();
  const server = createServer(app).listen(port, host, () => {
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
