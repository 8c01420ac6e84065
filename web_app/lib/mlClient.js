'use strict';
/**
 * The HTTP client for ml_app: JSON over keep-alive connections, spread over
 * every address ML_URL resolves to, with one deadline per call.
 *
 * Failures become MlError so the routes never see a socket error: a refused
 * or reset connection is "unavailable" (and is retried on the next address,
 * since a prediction is safe to repeat), a missed deadline is "timeout", and
 * an answer we cannot use is "upstream".
 */
const http = require('node:http');
const https = require('node:https');
const { createResolver } = require('./resolver');
const { MlError } = require('./errors');

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ATTEMPTS = 3;
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL',
]);

/**
 * @param {object} options
 * @param {string} options.mlUrl        base URL of ml_app, e.g. http://ml_app:5000
 * @param {string} [options.apiToken]   sent as a bearer token when set
 * @param {number} [options.timeoutMs]  deadline for one call, retries included
 * @param {number} [options.resolveRefreshMs]  how long a DNS answer is reused
 * @param {Function} [options.lookup]   dns.lookup-compatible resolver
 */
function createMlClient({ mlUrl, apiToken, timeoutMs = 5000, resolveRefreshMs = 5000, lookup } = {}) {
  const base = new URL(mlUrl);
  const transport = base.protocol === 'https:' ? https : http;
  const port = Number(base.port) || (base.protocol === 'https:' ? 443 : 80);
  const basePath = base.pathname.replace(/\/$/, '');
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30000 });
  const resolver = createResolver(base.hostname, { refreshMs: resolveRefreshMs, lookup });

  /** One HTTP exchange with one address; resolves {status, body} or rejects. */
  function exchange(address, { method, path, payload, requestId, signal }) {
    return new Promise((resolve, reject) => {
      const headers = { Host: base.host, Accept: 'application/json', 'X-Request-ID': requestId };
      if (apiToken) headers.Authorization = `Bearer ${apiToken}`;
      if (payload !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(payload);
      }
      const req = transport.request(
        { host: address, port, path: basePath + path, method, headers, agent, signal, servername: base.hostname },
        (res) => readBody(res).then((body) => resolve({ status: res.statusCode, body }), reject),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * Send a request, moving to the next address when a connection fails.
   * Returns {status, body, address}; throws MlError.
   */
  async function call(request) {
    const deadline = AbortSignal.timeout(request.timeoutMs ?? timeoutMs);
    let lastError;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      let address;
      try {
        address = await resolver.next();
        const answer = await exchange(address, { ...request, signal: deadline });
        return { ...answer, address };
      } catch (err) {
        if (deadline.aborted) throw new MlError('timeout', `no answer from ${address} in time`);
        if (!CONNECTION_ERRORS.has(err.code)) throw new MlError('upstream', `${address}: ${err.message}`);
        lastError = err;
      }
    }
    throw new MlError('unavailable', `${lastError.code}: ${lastError.message}`);
  }

  /** Ask ml_app for a prediction; resolves {result, address}. */
  async function predict(values, requestId) {
    const answer = await call({ method: 'POST', path: '/prediction', payload: JSON.stringify(values), requestId });
    return { result: predictionFrom(answer), address: answer.address };
  }

  /** ml_app's description of its model and input contract (GET /model); throws MlError. */
  async function model(requestId) {
    const answer = await call({ method: 'GET', path: '/model', requestId });
    if (answer.status === 200 && answer.body && typeof answer.body === 'object') return answer.body;
    const code = answer.body?.error?.code ?? 'unknown';
    const kind = answer.status === 503 ? 'unavailable' : 'upstream';
    throw new MlError(kind, `${answer.address}: GET /model answered ${answer.status} (${code})`, { upstreamStatus: answer.status });
  }

  /** True when ml_app says its model is loaded. */
  async function ready(requestId) {
    try {
      const answer = await call({ method: 'GET', path: '/ready', requestId, timeoutMs: Math.min(timeoutMs, 2000) });
      return answer.status === 200;
    } catch {
      return false;
    }
  }

  /** Drop idle keep-alive sockets so the process can exit. */
  function close() {
    agent.destroy();
  }

  return { predict, model, ready, close };
}

/** Collect a JSON body, refusing anything absurdly large. */
function readBody(res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    res.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) res.destroy(new Error('ml_app answer too large'));
      else chunks.push(chunk);
    });
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch {
        resolve(null);
      }
    });
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('ml_app answer cut short'));
    });
  });
}

/** Turn ml_app's answer into a result, or the MlError that describes it. */
function predictionFrom({ status, body, address }) {
  if (status === 200 && isPrediction(body)) return body;
  const code = body?.error?.code ?? 'unknown';
  if (status === 200) throw new MlError('upstream', `${address}: 200 without a prediction`, { upstreamStatus: status });
  if (status === 400 || status === 422) {
    const fieldErrors = Object.fromEntries(
      (body?.error?.details ?? []).filter((d) => d && d.field).map((d) => [String(d.field), String(d.problem)]),
    );
    if (Object.keys(fieldErrors).length) throw new MlError('invalid', `${address}: ${code}`, { fieldErrors, upstreamStatus: status });
  }
  const kind = status === 503 ? 'unavailable' : 'upstream';
  throw new MlError(kind, `${address}: ml_app answered ${status} (${code})`, { upstreamStatus: status });
}

/**
 * The minimum we need to draw a result: a class (as the data writes it: text, a number or
 * a boolean) and a probability per class, or a regressor's number.
 */
function isPrediction(body) {
  if (!body || typeof body !== 'object') return false;
  const { prediction, probabilities } = body;
  if (probabilities === undefined || probabilities === null) return typeof prediction === 'number' && Number.isFinite(prediction);
  return ['string', 'number', 'boolean'].includes(typeof prediction) && typeof probabilities === 'object'
    && Object.values(probabilities).every((p) => typeof p === 'number');
}

module.exports = { createMlClient };
