// @actions/core imports @actions/http-client at start-up only for OIDC tokens (core.getIDToken).
// The real client pulls in undici, tunnel, http, https and tls: about 45 ms and 440 KB of code on
// every action start, for a feature the bundle does not use. npm "overrides" (package.json)
// give @actions/core this stand-in instead; it loads the real client on the first request, and
// the bundler puts that client in a chunk of its own that is only read when it is needed.
// Only what @actions/core calls is provided: a missing method fails loudly, never silently.
let impl;
const load = () => (impl ??= import('actions-http-client-impl'));

export class HttpClient {
  #args;
  #client;

  constructor(...args) {
    this.#args = args;
  }

  async #real() {
    if (this.#client === undefined) {
      const { HttpClient: Real } = await load();
      this.#client = new Real(...this.#args);
    }
    return this.#client;
  }

  async getJson(...args) {
    return (await this.#real()).getJson(...args);
  }
}
