'use strict';
/**
 * Round-robin over every address ML_URL's host resolves to.
 *
 * `docker compose --scale ml_app=3` gives one DNS name with several A records.
 * Node's http client would connect to the first address only and keep-alive
 * would pin every request there, so we resolve the name ourselves, remember
 * the answer for a few seconds (replicas come and go) and hand out the
 * addresses in turn.
 */
const dns = require('node:dns');
const net = require('node:net');

/**
 * @param {string} host  a host name or an IP literal
 * @param {object} [options]
 * @param {number} [options.refreshMs]  how long one DNS answer is reused
 * @param {Function} [options.lookup]   dns.lookup-compatible resolver
 */
function createResolver(host, { refreshMs = 5000, lookup = dns.lookup } = {}) {
  const literal = net.isIP(host.replace(/^\[|\]$/g, '')) ? [host.replace(/^\[|\]$/g, '')] : null;
  let addresses = literal || [];
  let resolvedAt = -Infinity;
  let pending = null;
  let turn = 0;

  /** Ask DNS again; on failure keep the last good answer, if any. */
  function refresh() {
    pending ??= new Promise((resolve, reject) => {
      lookup(host, { all: true }, (err, found) => {
        if (err && addresses.length === 0) return reject(err);
        if (!err) {
          addresses = [...new Set(found.map((entry) => entry.address))];
          resolvedAt = Date.now();
        }
        return resolve(addresses);
      });
    }).finally(() => {
      pending = null;
    });
    return pending;
  }

  /** The current address list, re-resolved when it is older than refreshMs. */
  async function all() {
    if (literal) return literal;
    if (Date.now() - resolvedAt >= refreshMs) await refresh();
    return addresses;
  }

  /** The next address in turn. */
  async function next() {
    const list = await all();
    turn = (turn + 1) % list.length;
    return list[turn];
  }

  return { all, next };
}

module.exports = { createResolver };
