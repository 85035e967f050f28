export const id = 496;
export const ids = [496];
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

/***/ 496:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ACLS: () => (/* binding */ ACLS),
/* harmony export */   readInputs: () => (/* binding */ readInputs)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(379);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_aws_clients__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(675);
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(296);
/* harmony import */ var _core_inputs__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(114);





const ACLS = [
    'private',
    'public-read',
    'public-read-write',
    'authenticated-read',
    'aws-exec-read',
    'bucket-owner-read',
    'bucket-owner-full-control',
];
const MIB = 1024 * 1024;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
function readInputs(inputs = new _core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .InputReader */ .i_(), env = process.env) {
    const aws = (0,_core_aws_clients__WEBPACK_IMPORTED_MODULE_2__/* .readAwsSettings */ .p3)(inputs, 'sync-spa-s3');
    const bucket = inputs.required('bucket');
    if (!BUCKET.test(bucket)) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(bucket)} is not a valid S3 bucket name (the name only, no s3:// or slashes)`, 'bucket');
    }
    const rawPrefix = inputs.string('prefix', '').replace(/^\/+|\/+$/g, '');
    if (rawPrefix.split('/').some((part) => part === '..' || part === '.')) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(rawPrefix)} must not contain . or .. segments`, 'prefix');
    }
    const restoreRelease = inputs.optional('restore-release');
    const directory = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.string('directory', 'dist'));
    if (restoreRelease === undefined)
        checkDirectory(directory);
    const partSize = inputs.integer('part-size-mb', 8, { min: 5, max: 5 * 1024 }) * MIB;
    const multipartThreshold = inputs.integer('multipart-threshold-mb', 16, { min: 5, max: 5 * 1024 }) * MIB;
    const keepFor = inputs.duration('keep-for', undefined, { min: 0, max: 365 * 24 * 3_600_000 });
    const acl = inputs.oneOf('acl', ACLS);
    const urlBase = `/${inputs.string('url-base', '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
    return {
        aws,
        directory,
        bucket,
        prefix: rawPrefix === '' ? '' : `${rawPrefix}/`,
        indexFile: inputs.matching('index-file', /^[^/].*[^/]$/, 'a path inside the directory, e.g. index.html') ?? 'index.html',
        entryFiles: inputs.globs('entry-files'),
        hashedFiles: inputs.globs('hashed-files'),
        cacheControl: globRules(inputs, 'cache-control'),
        contentType: globRules(inputs, 'content-type'),
        exclude: inputs.globs('exclude'),
        precompressed: inputs.boolean('precompressed', false),
        ...(acl === undefined ? {} : { acl }),
        prune: inputs.boolean('delete', true),
        keepReleases: inputs.integer('keep-releases', 2, { min: 1, max: 100 }),
        ...(keepFor === undefined ? {} : { keepForMs: keepFor }),
        maxDeleteRatio: inputs.number('max-delete-ratio', 0.5, { min: 0, max: 1 }),
        dryRun: inputs.boolean('dry-run', false),
        concurrency: inputs.integer('concurrency', 32, { min: 1, max: 256 }),
        multipartThreshold,
        partSize,
        releaseId: releaseId(inputs, env),
        urlBase,
        ...(restoreRelease === undefined ? {} : { restoreRelease }),
    };
}
/** The refusals that must happen before any request: a missing or empty build directory. */
function checkDirectory(directory) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(directory)) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(directory)} does not exist: build the app first, or point directory at its output`, 'directory');
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(directory).isDirectory()) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(directory)} is not a directory`, 'directory');
    }
}
function globRules(inputs, name) {
    return [...inputs.keyValues(name).entries()].map(([glob, value]) => {
        if (value === '')
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`the rule for ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(glob)} has no value`, name);
        return { glob, value };
    });
}
/** A release id that is the same for every attempt of one workflow run (re-runs converge). */
function releaseId(inputs, env) {
    const given = inputs.matching('release-id', /^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dot, dash or underscore (at most 100)');
    if (given !== undefined)
        return given;
    const sha = (env.GITHUB_SHA ?? '').slice(0, 12);
    const run = env.GITHUB_RUN_ID ?? '';
    if (sha !== '' && run !== '')
        return `${sha}-${run}`;
    return new Date()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
}


/***/ })

};

//# sourceMappingURL=496.index.js.map