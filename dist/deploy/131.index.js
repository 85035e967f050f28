export const id = 131;
export const ids = [131,949];
export const modules = {

/***/ 3915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ backoffDelay)
/* harmony export */ });
/** The delay before retry/poll number `attempt` (0-based). */
function backoffDelay(attempt, options) {
    const factor = options.factor ?? 2;
    const base = Math.min(options.maxDelayMs, options.initialDelayMs * factor ** attempt);
    const random = options.random ?? Math.random;
    switch (options.jitter ?? 'equal') {
        case 'none':
            return base;
        case 'full':
            return Math.floor(random() * base);
        case 'equal':
            return Math.floor(base / 2 + random() * (base / 2));
    }
}


/***/ }),

/***/ 3323:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ BUNDLE_VERSION),
/* harmony export */   f: () => (/* binding */ BUNDLE_NAME)
/* harmony export */ });
/** Reported in the AWS user agent and in summaries. A test keeps it equal to package.json. */
const BUNDLE_NAME = 'aws-web-deploy-actions';
const BUNDLE_VERSION = '0.1.0';


/***/ }),

/***/ 3210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ waitFor)
/* harmony export */ });
/* harmony import */ var _backoff__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3915);
/* harmony import */ var _clock__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2257);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);



const DEFAULT_BACKOFF = { initialDelayMs: 2000, maxDelayMs: 30_000, factor: 1.5 };
/**
 * Polls until `poll` reports done, with backoff and jitter, never past the deadline. The last
 * poll happens at the deadline rather than after it, so a wait never overshoots its budget.
 */
async function waitFor(options) {
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs < 0) {
        throw new RangeError(`waitFor(${options.description}): timeoutMs must be a finite number >= 0`);
    }
    const clock = options.clock ?? _clock__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    const started = clock.now();
    const deadline = started + options.timeoutMs;
    let lastState;
    let backoffStep = 0;
    for (let attempt = 0;; attempt++) {
        throwIfAborted(options.signal, options.description, lastState);
        const result = await options.poll(attempt);
        const elapsedMs = clock.now() - started;
        if (result.done) {
            return { value: result.value, attempts: attempt + 1, elapsedMs };
        }
        lastState = result.state;
        options.onPending?.(result.state, elapsedMs, attempt + 1);
        const remaining = deadline - clock.now();
        if (remaining <= 0) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .WaitTimeoutError */ .Do(`Timed out after ${(0,_clock__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a)(elapsedMs)} waiting for ${options.description}; ` +
                `last state: ${lastState}`, lastState);
        }
        if (result.resetBackoff === true)
            backoffStep = 0;
        const delay = Math.min((0,_backoff__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .E)(backoffStep, backoff), remaining);
        backoffStep++;
        try {
            await clock.sleep(delay, options.signal);
        }
        catch (error) {
            throwIfAborted(options.signal, options.description, lastState);
            throw error;
        }
    }
}
function throwIfAborted(signal, description, lastState) {
    if (signal?.aborted) {
        const state = lastState === undefined ? '' : `; last state: ${lastState}`;
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc(`Cancelled while waiting for ${description}${state}`);
    }
}


/***/ }),

/***/ 1949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  displayUrl: () => (/* binding */ displayUrl),
  readInputs: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(9114);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
// EXTERNAL MODULE: ./src/core/version.ts
var version = __webpack_require__(3323);
// EXTERNAL MODULE: ./src/verify-health/json-path.ts
var json_path = __webpack_require__(9264);
;// CONCATENATED MODULE: ./src/verify-health/status-set.ts
/** Parses a status list; returns an explanation instead of a set when the text is not valid. */
function parseStatusSet(text) {
    const ranges = [];
    for (const raw of text.split(/[\s,]+/).filter((part) => part !== '')) {
        const match = /^(\d{3})(?:-(\d{3}))?$/.exec(raw);
        if (match === null)
            return `${JSON.stringify(raw)} is not a status (200) or a range (200-299)`;
        const low = Number(match[1]);
        const high = match[2] === undefined ? low : Number(match[2]);
        if (low < 100 || high > 599)
            return `${JSON.stringify(raw)} is outside 100-599`;
        if (high < low)
            return `${JSON.stringify(raw)} is a range that ends before it starts`;
        ranges.push([low, high]);
    }
    if (ranges.length === 0)
        return 'no status given';
    return {
        has: (status) => ranges.some(([low, high]) => status >= low && status <= high),
        text: ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(', '),
    };
}

;// CONCATENATED MODULE: ./src/verify-health/inputs.ts








const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
function readInputs(inputs = new core_inputs/* InputReader */.i_()) {
    const secrets = [];
    const headerMap = inputs.keyValues('headers', { secret: true });
    const headers = {};
    for (const [name, value] of headerMap) {
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(name)} is not a valid header name`, 'headers');
        }
        if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
            throw new errors/* ConfigurationError */.j1(`the value of ${name} has characters an HTTP header cannot carry (control characters or beyond Latin-1)`, 'headers');
        }
        headers[name] = value;
        secrets.push(value);
    }
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) {
        headers['User-Agent'] = `${version/* BUNDLE_NAME */.f}/${version/* BUNDLE_VERSION */.A} verify-health`;
    }
    const method = inputs.oneOf('method', METHODS, 'GET');
    const targets = readTargets(inputs, secrets);
    const expect = readExpectations(inputs, method);
    const intervalMs = inputs.duration('interval', '2s', { min: 50, max: 600_000 });
    const maxIntervalMs = inputs.duration('max-interval', '15s', { min: 50, max: 600_000 });
    if (maxIntervalMs < intervalMs) {
        throw new errors/* ConfigurationError */.j1('must not be shorter than interval', 'max-interval');
    }
    const budget = inputs.duration('latency-budget-p95', undefined, { min: 1, max: 600_000 });
    const extraCa = readCaFile(inputs);
    return {
        targets,
        method,
        headers,
        secrets,
        expect,
        timeoutMs: inputs.duration('timeout', '5m', { min: 1000, max: 6 * 3_600_000 }),
        intervalMs,
        maxIntervalMs,
        requestTimeoutMs: inputs.duration('request-timeout', '10s', { min: 100, max: 300_000 }),
        consecutiveSuccesses: inputs.integer('consecutive-successes', 3, { min: 1, max: 100 }),
        ...(budget === undefined ? {} : { latencyBudgetP95Ms: budget }),
        followRedirects: inputs.boolean('follow-redirects', false),
        ...(extraCa === undefined ? {} : { extraCa }),
    };
}
/** `urls` crossed with `paths`; a bare host name (as App Runner reports its URL) means https. */
function readTargets(inputs, secrets) {
    const bases = inputs.list('urls');
    if (bases.length === 0) {
        throw new errors/* ConfigurationError */.j1('is required: one URL per line (or comma separated)', 'urls');
    }
    const paths = inputs.list('paths');
    for (const p of paths) {
        if (!p.startsWith('/'))
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(p)} must start with /`, 'paths');
    }
    const targets = [];
    for (const base of bases) {
        const url = parseUrl(base);
        const list = paths.length === 0 ? [url] : paths.map((p) => joinPath(url, p));
        for (const target of list) {
            rememberUrlSecrets(target, secrets);
            const display = displayUrl(target);
            if (targets.some((t) => t.display === display)) {
                throw new errors/* ConfigurationError */.j1(`${display} is listed twice`, 'urls');
            }
            targets.push({ url: target, display });
        }
    }
    return targets;
}
function parseUrl(text) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(redactUserinfo(text))} is not a valid URL`, 'urls');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(displayUrl(url))} must be an http or https URL`, 'urls');
    }
    return url;
}
function joinPath(base, extra) {
    const url = new URL(base.href);
    const [pathname = '', search] = extra.split('?', 2);
    url.pathname = `${base.pathname.replace(/\/+$/, '')}${pathname}`;
    if (search !== undefined)
        url.search = `?${search}`;
    return url;
}
/** Passwords in URLs and token-like query values are secrets too. */
function rememberUrlSecrets(url, secrets) {
    const found = [];
    if (url.password !== '')
        found.push(url.password, decodeURIComponent(url.password));
    for (const [name, value] of url.searchParams) {
        // Shown as *** either way; values this short are flags, not secrets, and masking them
        // would garble every log line.
        if ((0,mask/* isSensitiveHeader */.yx)(name) && value.length >= 4)
            found.push(value, encodeURIComponent(value));
    }
    for (const secret of found) {
        (0,mask/* maskSecret */.$l)(secret);
        secrets.push(secret);
    }
}
/** A URL as shown: no user info, token-like query values replaced. */
function displayUrl(url) {
    const shown = new URL(url.href);
    shown.username = '';
    shown.password = '';
    for (const name of [...new Set(shown.searchParams.keys())]) {
        if ((0,mask/* isSensitiveHeader */.yx)(name))
            shown.searchParams.set(name, '***');
    }
    return shown.href;
}
function redactUserinfo(text) {
    return text.replace(/\/\/[^/@]*@/, '//***@');
}
function readExpectations(inputs, method) {
    const statusText = inputs.string('expected-status', '200-299');
    const statuses = parseStatusSet(statusText);
    if (typeof statuses === 'string')
        throw new errors/* ConfigurationError */.j1(statuses, 'expected-status');
    const bodyContains = inputs.optional('body-contains');
    const bodyRegexText = inputs.optional('body-regex');
    const jsonPathText = inputs.optional('json-path');
    const jsonEquals = inputs.optional('json-equals');
    if ((jsonPathText === undefined) !== (jsonEquals === undefined)) {
        throw new errors/* ConfigurationError */.j1('json-path and json-equals go together: give both or neither', jsonPathText === undefined ? 'json-path' : 'json-equals');
    }
    const version = readVersionCheck(inputs);
    if (method === 'HEAD') {
        const bodyInput = [
            ['body-contains', bodyContains],
            ['body-regex', bodyRegexText],
            ['json-path', jsonPathText],
            ['version-json-path', version?.jsonPath],
        ].find(([, value]) => value !== undefined);
        if (bodyInput !== undefined) {
            throw new errors/* ConfigurationError */.j1(`HEAD responses have no body to check; use method GET`, String(bodyInput[0]));
        }
    }
    return {
        statuses,
        ...(bodyContains === undefined ? {} : { bodyContains }),
        ...(bodyRegexText === undefined ? {} : { bodyRegex: compileRegex(bodyRegexText) }),
        ...(jsonPathText === undefined || jsonEquals === undefined
            ? {}
            : { json: { path: jsonPath('json-path', jsonPathText), equals: jsonEquals } }),
        ...(version === undefined ? {} : { version }),
    };
}
function readVersionCheck(inputs) {
    const expected = inputs.optional('expected-version');
    const header = inputs.matching('version-header', /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name');
    const pathText = inputs.optional('version-json-path');
    if (header !== undefined && pathText !== undefined) {
        throw new errors/* ConfigurationError */.j1('give version-header or version-json-path, not both', 'version-json-path');
    }
    if (expected === undefined) {
        const stray = header !== undefined
            ? 'version-header'
            : pathText !== undefined
                ? 'version-json-path'
                : undefined;
        if (stray !== undefined) {
            throw new errors/* ConfigurationError */.j1('is set but expected-version is empty: set expected-version too', stray);
        }
        return undefined;
    }
    if (header === undefined && pathText === undefined) {
        throw new errors/* ConfigurationError */.j1('needs version-header or version-json-path: where the service reports its version', 'expected-version');
    }
    return {
        expected,
        ...(header === undefined ? {} : { header: header.toLowerCase() }),
        ...(pathText === undefined ? {} : { jsonPath: jsonPath('version-json-path', pathText) }),
    };
}
function jsonPath(input, text) {
    const parsed = (0,json_path/* parseJsonPath */.Hf)(text);
    if (typeof parsed === 'string') {
        throw new errors/* ConfigurationError */.j1(`${parsed} (a path looks like status, build.version or checks[0].ok)`, input);
    }
    return parsed;
}
function compileRegex(text) {
    try {
        return new RegExp(text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`is not a valid regular expression: ${error.message}`, 'body-regex');
    }
}
function readCaFile(inputs) {
    const file = inputs.optional('ca-file');
    if (file === undefined)
        return undefined;
    const resolved = external_node_path_default().resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), file);
    let pem;
    try {
        pem = (0,external_node_fs_.readFileSync)(resolved, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`cannot read ${resolved}: ${error.message}`, 'ca-file');
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new errors/* ConfigurationError */.j1(`${resolved} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`, 'ca-file');
    }
    return pem;
}


/***/ }),

/***/ 9264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $S: () => (/* binding */ showJsonValue),
/* harmony export */   Ad: () => (/* binding */ readJsonPath),
/* harmony export */   Hf: () => (/* binding */ parseJsonPath),
/* harmony export */   n5: () => (/* binding */ jsonValueEquals),
/* harmony export */   pB: () => (/* binding */ formatJsonPath)
/* harmony export */ });
const KEY = /^[A-Za-z_$][\w$-]*/;
/** Parses a path; returns an explanation instead of a path when the text is not valid. */
function parseJsonPath(text) {
    const path = [];
    let rest = text.trim().replace(/^\$\.?/, '');
    if (rest === '')
        return 'the path is empty';
    let first = true;
    while (rest !== '') {
        if (rest.startsWith('[')) {
            const index = /^\[(\d+)\]/.exec(rest);
            const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
            if (index !== null) {
                path.push(Number(index[1]));
                rest = rest.slice(index[0].length);
            }
            else if (quoted !== null) {
                path.push(JSON.parse(`"${quoted[1] ?? ''}"`));
                rest = rest.slice(quoted[0].length);
            }
            else {
                return `expected [number] or ["key"] at ${JSON.stringify(rest)}`;
            }
        }
        else {
            if (!first) {
                if (!rest.startsWith('.'))
                    return `expected . or [ at ${JSON.stringify(rest)}`;
                rest = rest.slice(1);
            }
            const key = KEY.exec(rest);
            if (key === null)
                return `expected a key at ${JSON.stringify(rest)}`;
            path.push(key[0]);
            rest = rest.slice(key[0].length);
        }
        first = false;
    }
    return path;
}
/** The value at `path`, or `{ found: false }` when a step is missing. */
function readJsonPath(document, path) {
    let current = document;
    for (const step of path) {
        if (typeof step === 'number') {
            if (!Array.isArray(current) || step >= current.length)
                return { found: false };
            current = current[step];
        }
        else {
            if (current === null || typeof current !== 'object' || Array.isArray(current)) {
                return { found: false };
            }
            if (!Object.prototype.hasOwnProperty.call(current, step))
                return { found: false };
            current = current[step];
        }
    }
    return { found: true, value: current };
}
/** Prints a path back in its canonical form: `checks[0].ok`. */
function formatJsonPath(path) {
    return path
        .map((step, i) => typeof step === 'number'
        ? `[${step}]`
        : KEY.exec(step)?.[0] === step
            ? `${i === 0 ? '' : '.'}${step}`
            : `[${JSON.stringify(step)}]`)
        .join('');
}
/**
 * Whether a JSON value equals what the user wrote: strings compare as text, anything else
 * (numbers, booleans, null, objects) by its JSON form, so `true`, `3` and `null` work.
 */
function jsonValueEquals(value, expected) {
    if (typeof value === 'string')
        return value === expected;
    let parsed;
    try {
        parsed = JSON.parse(expected);
    }
    catch {
        return false;
    }
    return canonical(value) === canonical(parsed);
}
/** A value shown in a reason: strings as they are, anything else as JSON. */
function showJsonValue(value) {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
function canonical(value) {
    return JSON.stringify(value, (_key, inner) => inner !== null && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
        : inner);
}


/***/ }),

/***/ 6131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(4991);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/verify-health/json-path.ts
var json_path = __webpack_require__(9264);
;// CONCATENATED MODULE: ./src/verify-health/evaluate.ts

/** Judges one response: status, then version, then the body checks. The first failure wins. */
function evaluateResponse(response, expect) {
    const body = lazyJson(response.body);
    const version = expect.version === undefined ? undefined : readVersion(response, expect.version, body);
    const seen = version?.seen === undefined ? {} : { versionSeen: version.seen };
    const fail = (reason) => ({ passed: false, reason, ...seen });
    if (!expect.statuses.has(response.status)) {
        return fail(statusReason(response, expect.statuses));
    }
    if (expect.version !== undefined && version !== undefined) {
        if (version.seen === undefined)
            return fail(version.problem ?? 'no version reported');
        if (!versionMatches(version.seen, expect.version.expected)) {
            return fail(`version ${JSON.stringify(version.seen)} answered, expected ${JSON.stringify(expect.version.expected)} ` +
                '(the previous release may still be serving)');
        }
    }
    const truncated = response.bodyTruncated ? ' (in the first 1 MiB of the body)' : '';
    if (expect.bodyContains !== undefined && !response.body.includes(expect.bodyContains)) {
        return fail(`body does not contain ${JSON.stringify(expect.bodyContains)}${truncated}`);
    }
    if (expect.bodyRegex !== undefined && !expect.bodyRegex.test(response.body)) {
        return fail(`body does not match ${String(expect.bodyRegex)}${truncated}`);
    }
    if (expect.json !== undefined) {
        const path = (0,json_path/* formatJsonPath */.pB)(expect.json.path);
        const document = body();
        if (!document.ok)
            return fail(`body is not JSON, cannot read ${path}`);
        const found = (0,json_path/* readJsonPath */.Ad)(document.value, expect.json.path);
        if (!found.found)
            return fail(`JSON path ${path} is missing`);
        if (!(0,json_path/* jsonValueEquals */.n5)(found.value, expect.json.equals)) {
            return fail(`JSON path ${path} is ${JSON.stringify((0,json_path/* showJsonValue */.$S)(found.value))}, expected ${JSON.stringify(expect.json.equals)}`);
        }
    }
    return { passed: true, ...seen };
}
/**
 * Version equality: exact, ignoring case and a `sha256:` prefix; two hexadecimal ids of at least
 * 7 characters also match when one is a prefix of the other (a short commit SHA).
 */
function versionMatches(seen, expected) {
    const a = normaliseVersion(seen);
    const b = normaliseVersion(expected);
    if (a === b)
        return true;
    const hex = /^[0-9a-f]{7,64}$/;
    return hex.test(a) && hex.test(b) && (a.startsWith(b) || b.startsWith(a));
}
function normaliseVersion(version) {
    return version
        .trim()
        .toLowerCase()
        .replace(/^sha256:/, '');
}
function statusReason(response, statuses) {
    const location = header(response, 'location');
    const redirect = response.status >= 300 && response.status < 400 && location !== undefined
        ? ` (a redirect to ${location}; set follow-redirects: true to follow it)`
        : '';
    return `status ${response.status}${redirect}, expected ${statuses.text}`;
}
function readVersion(response, check, body) {
    if (check.header !== undefined) {
        const value = header(response, check.header);
        return value === undefined || value.trim() === ''
            ? { problem: `no ${check.header} header in the response` }
            : { seen: value.trim() };
    }
    if (check.jsonPath !== undefined) {
        const path = (0,json_path/* formatJsonPath */.pB)(check.jsonPath);
        const document = body();
        if (!document.ok)
            return { problem: `body is not JSON, cannot read the version at ${path}` };
        const found = (0,json_path/* readJsonPath */.Ad)(document.value, check.jsonPath);
        if (!found.found || found.value === null || typeof found.value === 'object') {
            return { problem: `no version at JSON path ${path}` };
        }
        return { seen: (0,json_path/* showJsonValue */.$S)(found.value) };
    }
    return { problem: 'no version source configured' };
}
function header(response, name) {
    const value = response.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
}
function lazyJson(text) {
    let parsed;
    return () => {
        if (parsed === undefined) {
            try {
                parsed = { ok: true, value: JSON.parse(text) };
            }
            catch {
                parsed = { ok: false };
            }
        }
        return parsed;
    };
}

// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
;// CONCATENATED MODULE: ./src/verify-health/http-request.ts

class RequestFailure extends Error {
    kind;
    code;
    name = 'RequestFailure';
    constructor(kind, message, code) {
        super(message);
        this.kind = kind;
        this.code = code;
    }
}
const MAX_BODY_CHARS = 1024 * 1024;
const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Sends one request (following redirects when asked) and reads the body. */
async function sendRequest(spec) {
    const started = performance.now();
    let url = spec.url;
    let method = spec.method;
    let headers = { ...spec.headers };
    for (let redirects = 0;; redirects++) {
        const response = await once(url, method, headers, spec);
        const location = response.message.headers.location;
        if (!spec.followRedirects || !REDIRECTS.has(response.status) || location === undefined) {
            return {
                status: response.status,
                headers: response.message.headers,
                body: response.body,
                bodyTruncated: response.truncated,
                finalUrl: url,
                redirects,
                latencyMs: performance.now() - started,
            };
        }
        if (redirects >= MAX_REDIRECTS) {
            throw new RequestFailure('redirect', `more than ${MAX_REDIRECTS} redirects (last to ${location})`);
        }
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            throw new RequestFailure('redirect', `redirect to a non-HTTP URL (${next.protocol})`);
        }
        if (next.origin !== url.origin)
            headers = withoutCredentials(headers);
        if (response.status === 303 ||
            ((response.status === 301 || response.status === 302) && method === 'POST')) {
            if (method !== 'HEAD')
                method = 'GET';
        }
        url = next;
    }
}
/** Credentials stay with the origin they were given for, as browsers and curl do. */
function withoutCredentials(headers) {
    return Object.fromEntries(Object.entries(headers).filter(([name]) => !(0,mask/* isSensitiveHeader */.yx)(name)));
}
async function once(url, method, headers, spec) {
    const https = url.protocol === 'https:';
    const transport = https ? await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23)) : await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7067, 23));
    const options = {
        method,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
    };
    if (url.username !== '' || url.password !== '') {
        options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    }
    if (https && spec.extraCa !== undefined) {
        const { rootCertificates } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1692, 23));
        options.ca = [...rootCertificates, spec.extraCa];
    }
    return new Promise((resolve, reject) => {
        const request = transport.request(options, (message) => {
            const chunks = [];
            let length = 0;
            let truncated = false;
            message.setEncoding('utf8');
            const finish = () => resolve({ status: message.statusCode ?? 0, message, body: chunks.join(''), truncated });
            message.on('data', (chunk) => {
                if (length + chunk.length > MAX_BODY_CHARS) {
                    chunks.push(chunk.slice(0, MAX_BODY_CHARS - length));
                    truncated = true;
                    message.removeAllListeners('data');
                    finish();
                    request.destroy();
                    return;
                }
                chunks.push(chunk);
                length += chunk.length;
            });
            message.on('end', finish);
            message.on('error', (error) => reject(classify(error, url)));
        });
        const timer = setTimeout(() => request.destroy(new RequestFailure('timeout', `no complete response within ${spec.timeoutMs} ms`, 'ETIMEDOUT')), spec.timeoutMs);
        const onAbort = () => {
            request.destroy(new RequestFailure('network', 'cancelled', 'ABORT_ERR'));
        };
        spec.signal?.addEventListener('abort', onAbort, { once: true });
        request.on('close', () => {
            clearTimeout(timer);
            spec.signal?.removeEventListener('abort', onAbort);
        });
        request.on('error', (error) => reject(classify(error, url)));
        request.end();
    });
}
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|ERR_OSSL_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$|EPROTO$)/;
const TLS_HINTS = {
    DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate; trust it with the ca-file input (or NODE_EXTRA_CA_CERTS) or fix the certificate',
    SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted self-signed root; trust the root with the ca-file input (or NODE_EXTRA_CA_CERTS)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by a trusted CA, or the server does not send its intermediate certificates',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate issuer is not trusted here; trust it with the ca-file input (or NODE_EXTRA_CA_CERTS)',
    CERT_HAS_EXPIRED: 'the server certificate has expired',
    CERT_NOT_YET_VALID: 'the server certificate is not valid yet (check the clocks)',
    ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not cover this host name',
    EPROTO: 'the TLS handshake failed (is this port speaking plain HTTP?)',
};
/** Turns a socket/TLS/DNS error into a RequestFailure saying what it means for a health check. */
function classify(error, url) {
    if (error instanceof RequestFailure)
        return error;
    const e = error;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const message = typeof e.message === 'string' ? e.message : String(error);
    if (code !== undefined && TLS_CODE.test(code)) {
        const hint = TLS_HINTS[code];
        return new RequestFailure('tls', `TLS error ${code}${hint === undefined ? '' : `: ${hint}`} (${message})`, code);
    }
    switch (code) {
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return new RequestFailure('dns', `${url.hostname} does not resolve yet (${code})`, code);
        case 'ECONNREFUSED':
            return new RequestFailure('refused', 'connection refused (nothing listening yet)', code);
        case 'ECONNRESET':
        case 'EPIPE':
            return new RequestFailure('reset', `connection reset (${code})`, code);
        case 'ETIMEDOUT':
            return new RequestFailure('timeout', `connection timed out (${code})`, code);
        default:
            return new RequestFailure('network', code === undefined ? message : `${code}: ${message}`, code);
    }
}

// EXTERNAL MODULE: ./src/verify-health/inputs.ts + 1 modules
var inputs = __webpack_require__(1949);
;// CONCATENATED MODULE: ./src/verify-health/redact.ts
const REPLACEMENT = '***';
/**
 * Removes known secret values (header values, URL passwords and tokens) from text the action
 * shows: body excerpts, reasons, summaries and outputs. The runner masks registered secrets in
 * the log, but not in the job summary or in outputs, so the action redacts them itself.
 */
class Redactor {
    secrets;
    constructor(secrets) {
        const variants = new Set();
        for (const secret of secrets) {
            if (secret === '')
                continue;
            variants.add(secret);
            variants.add(JSON.stringify(secret).slice(1, -1));
            variants.add(encodeURIComponent(secret));
        }
        // Longest first, so a secret that contains another is replaced whole.
        this.secrets = [...variants].filter((v) => v !== '').sort((a, b) => b.length - a.length);
    }
    redact(text) {
        let result = text;
        for (const secret of this.secrets)
            result = result.split(secret).join(REPLACEMENT);
        return result;
    }
}
/**
 * Shortens a response body for an error or summary: whitespace runs collapsed to one space, at
 * most `max` characters, marked when cut.
 */
function excerpt(body, max = 500) {
    const text = body.replace(/\s+/g, ' ').trim();
    return text.length <= max
        ? text
        : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

;// CONCATENATED MODULE: ./src/verify-health/check.ts




/** Checks one URL once: request, judge, redact. Never throws for network trouble. */
async function checkTarget(target, config, redactor, signal) {
    try {
        const response = await sendRequest({
            url: target.url,
            method: config.method,
            headers: config.headers,
            timeoutMs: config.requestTimeoutMs,
            followRedirects: config.followRedirects,
            ...(config.extraCa === undefined ? {} : { extraCa: config.extraCa }),
            ...(signal === undefined ? {} : { signal }),
        });
        const verdict = evaluateResponse(response, config.expect);
        const via = response.redirects > 0
            ? ` (after ${response.redirects} redirect(s) to ${(0,inputs.displayUrl)(response.finalUrl)})`
            : '';
        return {
            target,
            passed: verdict.passed,
            status: response.status,
            latencyMs: response.latencyMs,
            bodyExcerpt: redactor.redact(excerpt(response.body)),
            ...(verdict.reason === undefined ? {} : { reason: redactor.redact(verdict.reason + via) }),
            ...(verdict.versionSeen === undefined
                ? {}
                : { versionSeen: redactor.redact(verdict.versionSeen) }),
        };
    }
    catch (error) {
        if (!(error instanceof RequestFailure))
            throw error;
        return {
            target,
            passed: false,
            reason: redactor.redact(error.message),
            ...(error.kind === 'tls' ? { fatal: true } : {}),
        };
    }
}

// EXTERNAL MODULE: ./src/core/clock.ts
var core_clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
;// CONCATENATED MODULE: ./src/verify-health/stats.ts
/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
function percentile(values, p) {
    if (values.length === 0)
        throw new Error('percentile of an empty list');
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1];
}
function latencyStats(values) {
    if (values.length === 0)
        return undefined;
    return {
        count: values.length,
        p50: Math.round(percentile(values, 50)),
        p95: Math.round(percentile(values, 95)),
        max: Math.round(Math.max(...values)),
    };
}

;// CONCATENATED MODULE: ./src/verify-health/report.ts




/** The step outputs, as strings; set on success and on failure alike (a rollback step reads them). */
function outputsFor(outcome) {
    const latencies = {};
    for (const url of outcome.urls) {
        const stats = latencyStats(url.latencies);
        if (stats !== undefined)
            latencies[url.target.display] = stats;
    }
    return {
        healthy: String(outcome.healthy),
        attempts: String(outcome.rounds),
        'first-healthy-after': outcome.healthy && outcome.firstHealthyAfterMs !== undefined
            ? (outcome.firstHealthyAfterMs / 1000).toFixed(1)
            : '',
        latencies: JSON.stringify(latencies),
        reason: outcome.reason ?? '',
    };
}
function writeOutputs(outcome) {
    for (const [name, value] of Object.entries(outputsFor(outcome)))
        core/* setOutput */.uH(name, value);
}
/** The job summary: verdict, facts and one row per URL. */
function summaryFor(outcome, config) {
    return new summary/* SummaryBuilder */.CF()
        .heading('verify-health', 3)
        .status(outcome.healthy, outcome.healthy
        ? `Healthy: ${config.consecutiveSuccesses} consecutive round(s) passed`
        : `Not healthy: ${outcome.reason ?? 'unknown reason'}`)
        .facts([
        ['Rounds', outcome.rounds],
        ['Elapsed', (0,core_clock/* formatDuration */.a)(outcome.elapsedMs)],
        [
            'First healthy after',
            outcome.healthy && outcome.firstHealthyAfterMs !== undefined
                ? (0,core_clock/* formatDuration */.a)(outcome.firstHealthyAfterMs)
                : undefined,
        ],
        ['Expected version', config.expect.version?.expected],
        [
            'Latency budget (p95)',
            config.latencyBudgetP95Ms === undefined
                ? undefined
                : (0,core_clock/* formatDuration */.a)(config.latencyBudgetP95Ms),
        ],
    ])
        .table(['URL', 'Checks', 'Passed', 'p95', 'Last status', 'Version seen'], outcome.urls.map((url) => {
        const stats = latencyStats(url.latencies);
        return [
            url.target.display,
            url.checks,
            url.passed,
            stats === undefined ? '' : `${stats.p95} ms`,
            url.last?.status ?? (url.last === undefined ? '' : 'no response'),
            url.last?.versionSeen,
        ];
    }));
    // On failure the error boundary appends the failure message, with the last responses, below.
}
/** The error the step fails with: the reason, then each failing URL's last response. */
function failureMessage(outcome) {
    return [
        `release not healthy: ${outcome.reason ?? 'unknown reason'}`,
        ...lastResponses(outcome),
    ].join('\n');
}
function lastResponses(outcome) {
    return outcome.urls.flatMap((url) => {
        const failure = url.lastFailure;
        if (failure?.status === undefined)
            return [];
        const body = failure.bodyExcerpt === undefined || failure.bodyExcerpt === ''
            ? '(empty body)'
            : failure.bodyExcerpt;
        return [
            `last failing response from ${url.target.display}: status ${failure.status}, body: ${body}`,
        ];
    });
}

// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
;// CONCATENATED MODULE: ./src/verify-health/verify.ts




class FatalCheck extends Error {
}
/**
 * Checks every URL each round (in parallel) until `consecutiveSuccesses` rounds in a row pass
 * completely (and, with a latency budget, their p95 fits it), or the deadline passes. Waiting
 * between rounds uses the shared backoff; a passing round restarts it at the base interval.
 */
async function verifyHealth(settings, deps) {
    const clock = deps.clock ?? core_clock/* systemClock */.m;
    const log = deps.log ?? (() => undefined);
    const started = clock.now();
    const urls = settings.targets.map((target) => ({
        target,
        checks: 0,
        passed: 0,
        latencies: [],
    }));
    const needed = settings.consecutiveSuccesses;
    let streak = []; // per passing round, per URL, latencies
    let streakStartedMs;
    let rounds = 0;
    const poll = async () => {
        rounds++;
        const results = await Promise.all(settings.targets.map((target) => deps.check(target)));
        const elapsed = clock.now() - started;
        results.forEach((result, i) => record(urls[i], result));
        for (const result of results)
            log(roundLine(rounds, elapsed, result));
        const fatal = results.find((r) => r.fatal === true);
        if (fatal !== undefined)
            throw new FatalCheck(`${fatal.target.display}: ${fatal.reason ?? 'failed'}`);
        const failed = results.filter((r) => !r.passed);
        if (failed.length > 0) {
            streak = [];
            streakStartedMs = undefined;
            return {
                done: false,
                state: failed.map((r) => `${r.target.display}: ${r.reason ?? 'failed'}`).join('; '),
            };
        }
        streakStartedMs ??= elapsed;
        streak.push(results.map((r) => (r.latencyMs === undefined ? [] : [r.latencyMs])));
        if (streak.length > needed)
            streak.shift();
        if (streak.length < needed) {
            return {
                done: false,
                state: `${streak.length} of ${needed} consecutive rounds passed`,
                resetBackoff: true,
            };
        }
        const slow = overBudget(settings, streak);
        if (slow !== undefined)
            return { done: false, state: slow, resetBackoff: true };
        return { done: true, value: streakStartedMs };
    };
    try {
        const outcome = await (0,wait/* waitFor */.f)({
            description: `${settings.targets.length === 1 ? 'the URL' : `${settings.targets.length} URLs`} to pass ${needed} consecutive check round(s)`,
            poll,
            timeoutMs: settings.timeoutMs,
            backoff: {
                initialDelayMs: settings.intervalMs,
                maxDelayMs: settings.maxIntervalMs,
                factor: 1.5,
                ...(deps.random === undefined ? {} : { random: deps.random }),
            },
            clock,
            ...(deps.signal === undefined ? {} : { signal: deps.signal }),
        });
        return {
            healthy: true,
            rounds,
            elapsedMs: clock.now() - started,
            firstHealthyAfterMs: outcome.value,
            urls,
        };
    }
    catch (error) {
        const elapsedMs = clock.now() - started;
        if (error instanceof FatalCheck) {
            return {
                healthy: false,
                reason: `${error.message} (not retried: waiting cannot fix it)`,
                rounds,
                elapsedMs,
                urls,
            };
        }
        if (error instanceof errors/* WaitTimeoutError */.Do) {
            const reason = `not healthy within ${(0,core_clock/* formatDuration */.a)(settings.timeoutMs)} (${rounds} round(s)): ` +
                timeoutReason(error.lastState, streak.length, needed, urls);
            return { healthy: false, reason, rounds, elapsedMs, urls };
        }
        throw error;
    }
}
function record(report, result) {
    report.checks++;
    if (result.passed)
        report.passed++;
    else
        report.lastFailure = result;
    if (result.latencyMs !== undefined)
        report.latencies.push(result.latencyMs);
    report.last = result;
}
function overBudget(settings, streak) {
    const budget = settings.latencyBudgetP95Ms;
    if (budget === undefined)
        return undefined;
    const over = [];
    settings.targets.forEach((target, i) => {
        const values = streak.flatMap((round) => round[i] ?? []);
        if (values.length === 0)
            return;
        const p95 = percentile(values, 95);
        if (p95 > budget) {
            over.push(`${target.display}: p95 latency ${Math.round(p95)} ms over the ${(0,core_clock/* formatDuration */.a)(budget)} budget`);
        }
    });
    return over.length === 0 ? undefined : over.join('; ');
}
function timeoutReason(lastState, streak, needed, urls) {
    if (streak === 0)
        return lastState ?? 'no round completed';
    // The last round passed but the streak was too short (flapping) or too slow: say both.
    const failures = urls
        .filter((u) => u.lastFailure !== undefined)
        .map((u) => `${u.target.display}: ${u.lastFailure?.reason ?? 'failed'}`);
    const latest = failures.length === 0 ? '' : `; last failure: ${failures.join('; ')}`;
    return streak >= needed
        ? `${lastState ?? 'latency over budget'}`
        : `only ${streak} of ${needed} consecutive rounds passed${latest}`;
}
function roundLine(round, elapsedMs, result) {
    const status = result.status === undefined ? 'no response' : `${result.status}`;
    const latency = result.latencyMs === undefined ? '' : ` in ${Math.round(result.latencyMs)} ms`;
    const version = result.versionSeen === undefined ? '' : `, version ${result.versionSeen}`;
    const verdict = result.passed ? 'ok' : `FAIL: ${result.reason ?? 'failed'}`;
    return `round ${round} (${(0,core_clock/* formatDuration */.a)(elapsedMs)}): ${result.target.display} -> ${status}${latency}${version}: ${verdict}`;
}

;// CONCATENATED MODULE: ./src/verify-health/main.ts







/** Checks the URLs until the release is proven healthy, or fails so it can be rolled back. */
async function run({ signal }) {
    const config = (0,inputs.readInputs)();
    const redactor = new Redactor(config.secrets);
    const outcome = await core/* group */.Os(`Checking ${config.targets.length} URL(s) until ${config.consecutiveSuccesses} round(s) in a row pass`, () => verifyHealth(config, {
        check: (target) => checkTarget(target, config, redactor, signal),
        signal,
        log: (line) => core/* info */.pq(line),
    }));
    writeOutputs(outcome);
    await summaryFor(outcome, config).write();
    if (!outcome.healthy)
        throw new errors/* DeploymentFailedError */.RJ(failureMessage(outcome));
    core/* info */.pq(`Healthy after ${outcome.rounds} round(s): ${config.targets.map((t) => t.display).join(', ')}`);
}


/***/ })

};

//# sourceMappingURL=131.index.js.map