'use strict';
// @actions/http-client imports undici only to build a ProxyAgent when a proxy is configured.
// Evaluating undici costs ~60 ms on every action start, so it is loaded on first use instead.
let impl;
function load() {
  if (impl === undefined) impl = require('undici-impl');
  return impl;
}
class ProxyAgent {
  constructor(...args) {
    const Real = load().ProxyAgent;
    return new Real(...args);
  }
}
module.exports = { ProxyAgent };
