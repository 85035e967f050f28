export const id = 491;
export const ids = [491];
export const modules = {

/***/ 675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p3: () => (/* binding */ readAwsSettings)
/* harmony export */ });
/* unused harmony exports clientConfig, createClient */
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(296);
/* harmony import */ var _inputs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(114);



/**
 * Reads the shared inputs: aws-region (else AWS_REGION, else AWS_DEFAULT_REGION), endpoint-url,
 * max-attempts, retry-mode. Every error names the input (or variable) to fix.
 */
function readAwsSettings(inputs, action) {
    const region = inputs.region('aws-region') ?? regionFromEnvironment();
    if (region === undefined) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1('no AWS region: set the aws-region input, or AWS_REGION (aws-actions/configure-aws-credentials sets it)', 'aws-region');
    }
    const endpoint = inputs.matching('endpoint-url', /^https?:\/\/[^\s/]+(\/\S*)?$/, 'an http(s) URL such as https://s3.example.com');
    return {
        region,
        ...(endpoint === undefined ? {} : { endpoint }),
        maxAttempts: inputs.integer('max-attempts', 5, { min: 1, max: 20 }),
        retryMode: inputs.oneOf('retry-mode', ['standard', 'adaptive'], 'standard'),
        action,
    };
}
function regionFromEnvironment() {
    for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
        const value = process.env[variable]?.trim();
        if (value !== undefined && value !== '') {
            (0,_inputs__WEBPACK_IMPORTED_MODULE_1__/* .assertRegion */ .Jr)(variable, value);
            return value;
        }
    }
    return undefined;
}
/**
 * Client configuration: region, endpoint override, explicit retry mode and attempts, and a
 * user agent naming the bundle, its version and the action.
 */
function clientConfig(settings, service) {
    const config = {
        region: settings.region,
        maxAttempts: settings.maxAttempts,
        retryMode: settings.retryMode,
        customUserAgent: [
            [BUNDLE_NAME, BUNDLE_VERSION],
            ['action', settings.action],
        ],
    };
    if (settings.endpoint !== undefined)
        config.endpoint = settings.endpoint;
    if (service === 's3' && hasEndpointOverride(settings, 'S3')) {
        // S3-compatible endpoints (MinIO, proxies, local stacks) are reached by path-style URLs:
        // virtual-hosted names such as bucket.host do not resolve outside AWS's own DNS.
        config.forcePathStyle = true;
    }
    return config;
}
function hasEndpointOverride(settings, serviceEnv) {
    return (settings.endpoint !== undefined ||
        Boolean(process.env.AWS_ENDPOINT_URL) ||
        Boolean(process.env[`AWS_ENDPOINT_URL_${serviceEnv}`]));
}
/** Builds a client with the shared configuration, e.g. `createClient(S3Client, settings, 's3')`. */
function createClient(Client, settings, service) {
    return new Client(clientConfig(settings, service));
}


/***/ }),

/***/ 491:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  callerReference: () => (/* binding */ callerReference),
  readInputs: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(675);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(114);
;// CONCATENATED MODULE: ./src/s3/hashed-names.ts
/**
 * A content hash in a file name: a dot/dash/underscore-separated segment of 8+ characters from
 * the hash alphabets bundlers use (hex, base64url) with a digit, or with both cases (Vite).
 */
function looksHashed(file) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
    return stem
        .split(/[.\-_~]/)
        .some((segment) => /^[A-Za-z0-9]{8,}$/.test(segment) &&
        (/\d/.test(segment) ||
            (/[a-z]/.test(segment) &&
                /[A-Z]/.test(segment) &&
                !/^[A-Z][a-z]+([A-Z][a-z]+)*$/.test(segment))));
}
/** Folders whose contents bundlers name by content (Next.js, SvelteKit). */
const IMMUTABLE_FOLDERS = ['_next/static/', '_app/immutable/'];
/** Whether a site path never changes content under its name (so never needs invalidating). */
function isContentHashedPath(path) {
    const clean = path.replace(/^\/+/, '');
    return (IMMUTABLE_FOLDERS.some((folder) => clean.startsWith(folder) || clean.includes(`/${folder}`)) ||
        looksHashed(clean));
}

;// CONCATENATED MODULE: ./src/cloudfront/paths.ts



/** CloudFront's in-progress limits per distribution. */
const MAX_FILE_PATHS = 3000;
const MAX_WILDCARD_PATHS = 15;
/** Checks and normalises an invalidation path: leading slash, `*` only at the end. */
function normalizePath(raw, input) {
    const path = raw.startsWith('/') ? raw : `/${raw}`;
    if (path.slice(0, -1).includes('*')) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(raw)}: CloudFront accepts * only as the last character of a path`, input);
    }
    if (/\s/.test(path))
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(raw)} contains whitespace; URL-encode it`, input);
    return path;
}
/** Paths that need invalidating: hashed assets never do (a new build gives them new names). */
function needsInvalidation(path) {
    return path.endsWith('*') || !isContentHashedPath(decodeURIComponent(path));
}
/**
 * Shrinks a list of paths to at most `maxPaths` entries by replacing the folders with the most
 * paths by `folder/*`, deepest folders first, falling back to `/*`. Paths already covered by a
 * wildcard are dropped. The result covers every input path.
 */
function collapsePaths(input, options) {
    let paths = dedupe(input);
    if (paths.includes('/*'))
        return ['/*'];
    while (paths.length > options.maxPaths) {
        const wildcards = paths.filter((p) => p.endsWith('*')).length;
        const best = bestFolder(paths);
        if (best === undefined || wildcards >= options.maxWildcards)
            return ['/*'];
        paths = dedupe([...paths, `${best}*`]);
    }
    if (paths.filter((p) => p.endsWith('*')).length > options.maxWildcards)
        return ['/*'];
    return paths;
}
function dedupe(paths) {
    const unique = [...new Set(paths)];
    const prefixes = unique.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
    return unique
        .filter((p) => !prefixes.some((prefix) => p !== `${prefix}*` && p.startsWith(prefix)))
        .sort();
}
/** The folder below the root holding the most paths (ties: the deepest), if one holds two. */
function bestFolder(paths) {
    const counts = new Map();
    for (const path of paths) {
        const parts = path.split('/');
        for (let depth = 2; depth < parts.length; depth++) {
            const folder = `${parts.slice(0, depth).join('/')}/`;
            if (folder === path)
                continue;
            counts.set(folder, (counts.get(folder) ?? 0) + 1);
        }
    }
    let best;
    let saved = 1;
    for (const [folder, count] of counts) {
        if (count > saved || (count === saved && best !== undefined && folder.length > best.length)) {
            best = folder;
            saved = count;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./src/invalidate-cdn/inputs.ts





/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
function readInputs(inputs = new core_inputs/* InputReader */.i_(), env = process.env) {
    const aws = (0,aws_clients/* readAwsSettings */.p3)(inputs, 'invalidate-cdn');
    const distributionId = inputs.matching('distribution-id', /^[A-Z0-9]{8,20}$/, 'a CloudFront distribution ID such as E2QWRUHEXAMPLE');
    const alias = inputs.matching('alias', /^(\*\.)?[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain name such as www.example.com');
    if ((distributionId === undefined) === (alias === undefined)) {
        throw new errors/* ConfigurationError */.j1('set exactly one of distribution-id and alias', distributionId === undefined ? 'distribution-id' : 'alias');
    }
    if (inputs.optional('paths') === undefined &&
        inputs.optional('changed-paths') === undefined &&
        !hasInput(env, 'changed-paths')) {
        throw new errors/* ConfigurationError */.j1('set paths, or changed-paths (the output of sync-spa-s3)', 'paths');
    }
    const explicit = inputs.list('paths').map((p) => normalizePath(p, 'paths'));
    const includeHashed = inputs.boolean('invalidate-hashed', false);
    const changed = inputs
        .list('changed-paths')
        .map((p) => normalizePath(p, 'changed-paths'))
        .filter((p) => includeHashed || needsInvalidation(p));
    const maxPaths = inputs.integer('max-paths', 100, { min: 1, max: MAX_FILE_PATHS });
    const requested = [...new Set([...explicit, ...changed])];
    const paths = collapsePaths(requested, { maxPaths, maxWildcards: MAX_WILDCARD_PATHS });
    const target = distributionId ?? alias ?? '';
    return {
        aws,
        ...(distributionId === undefined ? {} : { distributionId }),
        ...(alias === undefined ? {} : { alias: alias.toLowerCase() }),
        paths,
        requested: requested.length,
        callerReference: inputs.optional('caller-reference') ?? callerReference(target, paths, env),
        wait: inputs.boolean('wait', true),
        timeoutMs: inputs.duration('timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
        pollIntervalMs: inputs.duration('poll-interval', '10s', { min: 100, max: 300_000 }),
    };
}
/** An input that is declared but empty (changed-paths of a sync that changed nothing). */
function hasInput(env, name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}` in env;
}
/**
 * The same for every attempt of one workflow run with the same paths, so a re-run returns the
 * earlier invalidation instead of paying for a second one.
 */
function callerReference(target, paths, env) {
    const digest = (0,external_node_crypto_.createHash)('sha256')
        .update([target, env.GITHUB_REPOSITORY ?? '', env.GITHUB_RUN_ID ?? '', ...[...paths].sort()].join('\n'))
        .digest('hex')
        .slice(0, 24);
    const run = env.GITHUB_RUN_ID === undefined ? 'local' : `run-${env.GITHUB_RUN_ID}`;
    return `${run}-${digest}`;
}


/***/ })

};

//# sourceMappingURL=491.index.js.map