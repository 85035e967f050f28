export const id = 682;
export const ids = [682];
export const modules = {

/***/ 682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  displayUrl: () => (/* binding */ displayUrl),
  readInputs: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(379);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(114);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(239);
;// CONCATENATED MODULE: ./src/core/version.ts
/** Reported in the AWS user agent and in summaries. A test keeps it equal to package.json. */
const BUNDLE_NAME = 'aws-web-deploy-actions';
const BUNDLE_VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/verify-health/json-path.ts
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
        headers['User-Agent'] = `${BUNDLE_NAME}/${BUNDLE_VERSION} verify-health`;
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
    const parsed = parseJsonPath(text);
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


/***/ })

};

//# sourceMappingURL=682.index.js.map