export const id = 55;
export const ids = [55,496];
export const modules = {

/***/ 8675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UU: () => (/* binding */ createClient),
/* harmony export */   p3: () => (/* binding */ readAwsSettings),
/* harmony export */   yO: () => (/* binding */ clientConfig)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _inputs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9114);
/* harmony import */ var _version__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3323);



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
            [_version__WEBPACK_IMPORTED_MODULE_2__/* .BUNDLE_NAME */ .f, _version__WEBPACK_IMPORTED_MODULE_2__/* .BUNDLE_VERSION */ .A],
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

/***/ 8904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ createLimit),
/* harmony export */   v: () => (/* binding */ forEachLimited)
/* harmony export */ });
function createLimit(max) {
    if (!Number.isInteger(max) || max < 1)
        throw new RangeError(`concurrency must be >= 1, got ${max}`);
    let running = 0;
    const queue = [];
    const release = () => {
        running--;
        queue.shift()?.();
    };
    return (fn) => new Promise((resolve, reject) => {
        const start = () => {
            running++;
            fn().then(resolve, reject).finally(release);
        };
        if (running < max)
            start();
        else
            queue.push(start);
    });
}
/**
 * Runs fn over items, `width` at a time, in order. Unlike mapping every item through a limit, it
 * holds no promise per waiting item (memory stays flat however many items there are). After a
 * failure no further item starts; the first error is thrown once the running ones have settled.
 */
async function forEachLimited(items, width, fn) {
    if (!Number.isInteger(width) || width < 1)
        throw new RangeError(`concurrency must be >= 1, got ${width}`);
    let next = 0;
    let failure;
    const lane = async () => {
        while (failure === undefined && next < items.length) {
            const item = items[next++];
            try {
                await fn(item);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
    if (failure !== undefined)
        throw failure.error;
}


/***/ }),

/***/ 4664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ ProgressReporter),
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4991);
/* harmony import */ var _clock__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2257);


/** Progress lines for long work: items and bytes done of total, rate and elapsed time. */
class ProgressReporter {
    options;
    items = 0;
    bytes = 0;
    started;
    lastLine;
    clock;
    log;
    constructor(options) {
        this.options = options;
        this.clock = options.clock ?? _clock__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m;
        this.log = options.log ?? ((line) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(line));
        this.started = this.clock.now();
        this.lastLine = this.started;
    }
    /** Records finished work and prints a line when the interval has passed. */
    advance(items, bytes = 0) {
        this.items += items;
        this.bytes += bytes;
        const now = this.clock.now();
        if (now - this.lastLine >= (this.options.intervalMs ?? 5000)) {
            this.lastLine = now;
            this.log(this.line());
        }
    }
    line() {
        const elapsed = this.clock.now() - this.started;
        let text = `${this.options.label}: ${this.items}/${this.options.totalItems}`;
        if (this.options.totalBytes !== undefined) {
            text += `, ${formatBytes(this.bytes)}/${formatBytes(this.options.totalBytes)}`;
            if (elapsed > 0)
                text += `, ${formatBytes((this.bytes * 1000) / elapsed)}/s`;
        }
        return `${text}, ${(0,_clock__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(elapsed)} elapsed`;
    }
    /** Prints the final line. */
    finish() {
        this.log(this.line());
    }
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${Math.round(bytes)} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KB`;
    if (bytes < 1024 * 1024 * 1024)
        return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
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

/***/ 5900:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cw: () => (/* binding */ isContentHashedPath),
/* harmony export */   I0: () => (/* binding */ looksHashed)
/* harmony export */ });
/* unused harmony export IMMUTABLE_FOLDERS */
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


/***/ }),

/***/ 6496:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ACLS: () => (/* binding */ ACLS),
/* harmony export */   readInputs: () => (/* binding */ readInputs)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_aws_clients__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8675);
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _core_inputs__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9114);





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


/***/ }),

/***/ 9055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(4991);
// EXTERNAL MODULE: ./src/sync-spa-s3/inputs.ts
var sync_spa_s3_inputs = __webpack_require__(6496);
// EXTERNAL MODULE: ./src/core/clock.ts
var clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/progress.ts
var core_progress = __webpack_require__(4664);
// EXTERNAL MODULE: ./src/core/summary.ts
var core_summary = __webpack_require__(1363);
;// CONCATENATED MODULE: ./src/sync-spa-s3/report.ts




const LIST_LIMIT = 50;
function reportSync(inputs, result, elapsedMs) {
    const { plan } = result;
    const status = inputs.dryRun ? 'dry-run' : plan.noop ? 'unchanged' : 'synced';
    const target = `s3://${inputs.bucket}/${inputs.prefix}`;
    core/* setOutput */.uH('status', status);
    core/* setOutput */.uH('uploaded', plan.upload.length);
    core/* setOutput */.uH('headers-updated', plan.updateHeaders.length);
    core/* setOutput */.uH('unchanged', plan.unchanged.length);
    core/* setOutput */.uH('pruned', inputs.dryRun ? 0 : plan.prune.length);
    core/* setOutput */.uH('changed-paths', plan.changedPaths.join('\n'));
    core/* setOutput */.uH('release-id', result.releaseId);
    const line = `${status}: ${plan.upload.length} uploaded, ${plan.updateHeaders.length} headers updated, ` +
        `${plan.unchanged.length} unchanged, ${plan.prune.length} ${inputs.dryRun ? 'to prune' : 'pruned'}` +
        ` (${target}, release ${result.releaseId}, ${(0,clock/* formatDuration */.a)(elapsedMs)})`;
    core/* info */.pq(line);
    if (inputs.dryRun) {
        core/* info */.pq('dry run: nothing was written. The plan:');
        for (const file of plan.upload.slice(0, 500))
            core/* info */.pq(`  upload ${file.path} (${(0,core_progress/* formatBytes */.z)(file.size)}, ${file.headers.cacheControl})`);
        for (const file of plan.updateHeaders.slice(0, 500))
            core/* info */.pq(`  headers ${file.path} (${file.headers.cacheControl})`);
        for (const key of plan.prune.slice(0, 500))
            core/* info */.pq(`  prune ${key}`);
    }
    if (plan.unmanaged > 0) {
        core/* info */.pq(`${plan.unmanaged} objects under ${target} were not published by this action and are left alone`);
    }
    const largest = [...plan.upload].sort((a, b) => b.size - a.size).slice(0, 5);
    const summary = new core_summary/* SummaryBuilder */.CF().heading(`sync-spa-s3: ${status}`, 3).facts([
        ['Target', target],
        ['Release', result.releaseId],
        ['Uploaded', `${plan.upload.length} files, ${(0,core_progress/* formatBytes */.z)(result.bytesUploaded)}`],
        ['Headers updated', plan.updateHeaders.length],
        ['Unchanged', plan.unchanged.length],
        [inputs.dryRun ? 'Would prune' : 'Pruned', plan.prune.length],
        ['Time', (0,clock/* formatDuration */.a)(elapsedMs)],
    ]);
    if (largest.length > 0) {
        summary.heading('Largest uploads', 4).table(['File', 'Size', 'Cache-Control'], largest.map((f) => [f.path, (0,core_progress/* formatBytes */.z)(f.size), f.headers.cacheControl]));
    }
    if (plan.changedPaths.length > 0) {
        const shown = plan.changedPaths.slice(0, LIST_LIMIT);
        const more = plan.changedPaths.length - shown.length;
        summary
            .heading('Changed paths (to invalidate next)', 4)
            .list(more > 0 ? [...shown, `... and ${more} more`] : shown);
    }
    return summary.write();
}
function reportRestore(inputs, result, elapsedMs) {
    core/* setOutput */.uH('status', 'restored');
    core/* setOutput */.uH('uploaded', 0);
    core/* setOutput */.uH('unchanged', result.unchanged);
    core/* setOutput */.uH('pruned', 0);
    core/* setOutput */.uH('changed-paths', result.changedPaths.join('\n'));
    core/* setOutput */.uH('release-id', result.releaseId);
    core/* info */.pq(`restored release ${result.restored}: ${result.copied.length} files copied back, ${result.unchanged} already live (${(0,clock/* formatDuration */.a)(elapsedMs)})`);
    return new core_summary/* SummaryBuilder */.CF()
        .heading(`sync-spa-s3: restored release ${result.restored}`, 3)
        .facts([
        ['Target', `s3://${inputs.bucket}/${inputs.prefix}`],
        ['Restored', result.restored],
        ['Copied back', result.copied.length],
        ['Already live', result.unchanged],
        ['New release', result.releaseId],
        ['Time', (0,clock/* formatDuration */.a)(elapsedMs)],
    ])
        .list(result.copied.slice(0, LIST_LIMIT))
        .write();
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(9114);
// EXTERNAL MODULE: ./node_modules/mime/dist/src/index.js + 3 modules
var src = __webpack_require__(5086);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./src/s3/hashed-names.ts
var hashed_names = __webpack_require__(5900);
;// CONCATENATED MODULE: ./src/sync-spa-s3/headers.ts



const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
const CACHE_ENTRY = 'no-cache';
const CACHE_OTHER = 'public, max-age=300';
/** Files a browser or crawler requests by a fixed name: they must always be fresh. */
const DEFAULT_ENTRY_GLOBS = [
    '**/*.html',
    '**/*.htm',
    '**/manifest.json',
    '**/manifest.webmanifest',
    '**/site.webmanifest',
    '**/asset-manifest.json',
    '**/service-worker.js',
    '**/sw.js',
    '**/robots.txt',
    '**/sitemap.xml',
    '**/ngsw.json',
];
/** Folders whose contents bundlers name by content hash. */
const DEFAULT_HASHED_GLOBS = ['_next/static/**', '_app/immutable/**'];
const TEXT_TYPES = /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json)|image\/svg\+xml)/;
const matcher = (globs) => globs.length === 0 ? () => false : picomatch_default()([...globs], { dot: true });
/** Decides kind and headers for every file of the build from its path alone. */
class Classifier {
    rules;
    isEntry;
    isHashed;
    cacheRules;
    typeRules;
    constructor(rules) {
        this.rules = rules;
        this.isEntry = matcher([...DEFAULT_ENTRY_GLOBS, ...rules.entry]);
        this.isHashed = matcher([...DEFAULT_HASHED_GLOBS, ...rules.hashed]);
        this.cacheRules = rules.cacheControl.map((r) => ({ match: matcher([r.glob]), value: r.value }));
        this.typeRules = rules.contentType.map((r) => ({ match: matcher([r.glob]), value: r.value }));
    }
    /** The file a precompressed sibling (`app.js.br`) stands for, when precompressed is on. */
    compressedOriginal(file, all) {
        if (!this.rules.precompressed)
            return undefined;
        const match = /^(.*)\.(br|gz)$/.exec(file);
        if (match === null || !all.has(match[1] ?? ''))
            return undefined;
        return { original: match[1] ?? '', encoding: match[2] === 'br' ? 'br' : 'gzip' };
    }
    kind(file) {
        if (this.isEntry(file))
            return 'entry';
        if (this.isHashed(file) || (0,hashed_names/* looksHashed */.I0)(file))
            return 'hashed';
        return 'other';
    }
    headers(file, all) {
        const sibling = this.compressedOriginal(file, all);
        const subject = sibling?.original ?? file;
        const kind = this.kind(subject);
        const cacheControl = this.cacheRules.find((r) => r.match(file))?.value ??
            (kind === 'entry' ? CACHE_ENTRY : kind === 'hashed' ? CACHE_IMMUTABLE : CACHE_OTHER);
        const headers = { contentType: this.contentType(file, subject), cacheControl };
        if (sibling !== undefined)
            headers.contentEncoding = sibling.encoding;
        return { kind, headers };
    }
    contentType(file, subject) {
        const ruled = this.typeRules.find((r) => r.match(file))?.value;
        if (ruled !== undefined)
            return ruled;
        const type = src/* default */.A.getType(subject) ?? 'application/octet-stream';
        return TEXT_TYPES.test(type) ? `${type}; charset=utf-8` : type;
    }
}
function sameHeaders(a, b) {
    return (a.contentType === b.contentType &&
        a.cacheControl === b.cacheControl &&
        (a.contentEncoding ?? '') === (b.contentEncoding ?? ''));
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/sync-spa-s3/local-files.ts





/** The folder where release manifests live, under the prefix; a build must not contain it. */
const RELEASES_DIR = '.releases';
/**
 * Lists the build's files (following no directory symlinks), minus the excluded globs.
 * Synchronous: it runs first, before the SDK's loading takes the thread, so the hashing worker
 * can start at once (the promise-based walk finished only after the SDK had loaded).
 */
async function scanDirectory(root, exclude) {
    const excluded = exclude.length === 0 ? () => false : picomatch_default()([...exclude], { dot: true });
    const files = [];
    const walk = (dir, rel) => {
        for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
            const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
            const absolute = external_node_path_default().join(dir, entry.name);
            if (excluded(relPath) || entry.name === '.git')
                continue;
            if (entry.isDirectory()) {
                walk(absolute, relPath);
                continue;
            }
            if (entry.isFile())
                files.push({ path: relPath, absolute, size: (0,external_node_fs_.statSync)(absolute).size });
            const target = entry.isSymbolicLink() ? statOrNothing(absolute) : undefined;
            if (target?.isFile() === true)
                files.push({ path: relPath, absolute, size: target.size });
        }
    };
    walk(root, '');
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return Promise.resolve(files);
}
/** stat (following a symlink); nothing for a dangling link. */
function statOrNothing(file) {
    try {
        return (0,external_node_fs_.statSync)(file);
    }
    catch {
        return undefined;
    }
}
/** The refusals that need the file list: an empty build, a missing entry file, a reserved name. */
function checkBuild(files, directory, indexFile) {
    if (files.length === 0) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(directory)} is empty: refusing to publish (and prune) an empty site`, 'directory');
    }
    if (!files.some((f) => f.path === indexFile)) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(indexFile)} is missing from ${(0,core_inputs/* quote */.hD)(directory)}: refusing to publish a build without its entry file`, 'index-file');
    }
    if (files.some((f) => f.path.startsWith(`${RELEASES_DIR}/`))) {
        throw new errors/* ConfigurationError */.j1(`the build contains ${RELEASES_DIR}/, which holds release manifests: exclude it`, 'directory');
    }
}
/**
 * Hashes one file in 1 MiB reads into a reused buffer (bounded memory), and the SHA-1 of each
 * part when the file will be uploaded in parts. Synchronous reads: for a build's many small files
 * they are several times faster than streams; the caller yields to the event loop between files.
 *
 * Self-contained (built-in modules through process.getBuiltinModule, nothing from this module's
 * scope): the hashing worker runs it from its source text.
 */
function hashFile(file, buffer, partSize) {
    const { createHash } = process.getBuiltinModule('node:crypto');
    const { closeSync, openSync, readSync } = process.getBuiltinModule('node:fs');
    const whole = createHash('sha1');
    const parts = [];
    let part = partSize === undefined ? undefined : createHash('sha1');
    let inPart = 0;
    const fd = openSync(file, 'r');
    try {
        for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
            const chunk = buffer.subarray(0, read);
            whole.update(chunk);
            if (part === undefined || partSize === undefined)
                continue;
            let offset = 0;
            while (offset < chunk.length) {
                const take = Math.min(partSize - inPart, chunk.length - offset);
                part.update(chunk.subarray(offset, offset + take));
                inPart += take;
                offset += take;
                if (inPart === partSize) {
                    parts.push(part.digest('base64'));
                    part = createHash('sha1');
                    inPart = 0;
                }
            }
        }
    }
    finally {
        closeSync(fd);
    }
    if (part !== undefined && inPart > 0)
        parts.push(part.digest('base64'));
    return partSize === undefined
        ? { sha1: whole.digest('hex') }
        : { sha1: whole.digest('hex'), parts };
}
/**
 * The hashing worker's body, run from its source text with `hashFile` as its argument: takes the
 * next file from the shared counter until none is left, then posts [index, hash] pairs. A file it
 * cannot read is left out; the main thread hashes it again and reports the error.
 */
function hashWorker(hash) {
    const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
    const { files, next } = workerData;
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    const results = [];
    for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
        const file = files[i];
        if (file === undefined)
            continue;
        try {
            results.push([i, hash(file.absolute, buffer, file.partSize)]);
        }
        catch {
            // left for the main thread
        }
    }
    parentPort?.postMessage(results);
}
/**
 * Builds smaller than this are hashed on the main thread alone: a worker takes ~30 ms to start
 * (on its own thread, while the main thread loads the SDK and reads the bucket).
 */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;
/**
 * Hashes every file. The main thread and (for builds of some size) one worker thread take files
 * from a shared counter, so hashing uses a second core while the main thread also reads the
 * bucket; the main thread yields to the event loop every few MiB so requests in flight progress.
 */
async function hashFiles(files, options) {
    const partSizeOf = (file) => file.size >= options.multipartThreshold ? options.partSize : undefined;
    const next = new Int32Array(new SharedArrayBuffer(4));
    const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
    const fromWorker = totalBytes >= (options.workerMinBytes ?? WORKER_MIN_BYTES)
        ? startHashWorker({
            files: files.map((f) => {
                const partSize = partSizeOf(f);
                return partSize === undefined
                    ? { absolute: f.absolute }
                    : { absolute: f.absolute, partSize };
            }),
            next,
        })
        : undefined;
    const byIndex = new Map();
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    let sinceYield = 0;
    const hashOne = (index, file) => {
        byIndex.set(index, hashFile(file.absolute, buffer, partSizeOf(file)));
        sinceYield += file.size + 4096;
    };
    const mainThread = options.mainThread !== false || fromWorker === undefined;
    for (let i = mainThread ? Atomics.add(next, 0, 1) : files.length; i < files.length;) {
        const file = files[i];
        if (file !== undefined)
            hashOne(i, file);
        options.onHashed?.(file?.size ?? 0, 'main');
        i = Atomics.add(next, 0, 1);
        if (sinceYield >= 8 * 1024 * 1024) {
            sinceYield = 0;
            await new Promise((resolve) => setImmediate(resolve));
        }
    }
    for (const [index, hash] of (await fromWorker) ?? []) {
        byIndex.set(index, hash);
        options.onHashed?.(files[index]?.size ?? 0, 'worker');
    }
    // Whatever the worker could not do (an unreadable file, a worker that failed to start).
    files.forEach((file, index) => {
        if (byIndex.has(index))
            return;
        hashOne(index, file);
        options.onHashed?.(file.size, 'main');
    });
    const hashes = new Map();
    files.forEach((file, index) => hashes.set(file.path, byIndex.get(index)));
    return hashes;
}
/** Starts the hashing worker at once; resolves with its results (none if it failed). */
function startHashWorker(job) {
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    return new Promise((resolve) => {
        let results = [];
        try {
            const worker = new Worker(`(${hashWorker.toString()})(${hashFile.toString()})`, {
                eval: true,
                workerData: job,
            });
            worker.on('message', (message) => (results = message));
            worker.on('error', () => undefined);
            worker.on('exit', () => resolve(results));
        }
        catch {
            resolve(results);
        }
    });
}

;// CONCATENATED MODULE: ./src/sync-spa-s3/releases.ts

const MANIFEST_KEY = /^(\d{8}T\d{9}Z)_([A-Za-z0-9._-]+)\.json$/;
function releasesPrefix(prefix) {
    return `${prefix}${RELEASES_DIR}/`;
}
function parseReleaseKey(key, prefix) {
    const rest = key.slice(releasesPrefix(prefix).length);
    const match = MANIFEST_KEY.exec(rest);
    if (!key.startsWith(releasesPrefix(prefix)) || match === null)
        return undefined;
    return { key, stamp: match[1] ?? '', releaseId: match[2] ?? '' };
}
/** A new release's manifest key; the stamp keeps manifests in time order. */
function newReleaseRef(prefix, releaseId, now) {
    const stamp = now.toISOString().replace(/[-:.]/g, '');
    return { key: `${releasesPrefix(prefix)}${stamp}_${releaseId}.json`, stamp, releaseId };
}
function snapshotPrefixOf(ref) {
    return ref.key.replace(/\.json$/, '/');
}
function stampTime(stamp) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
    if (m === null)
        return 0;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number);
    return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, ms ?? 0);
}
/**
 * The files that must stay: those of the newest `keepReleases` releases (counting the one being
 * published) and of every release younger than `keepForMs`.
 */
function keptPaths(current, previous, keepReleases, keepForMs, now) {
    const kept = new Set(current);
    previous.forEach((release, index) => {
        const young = keepForMs !== undefined && now - stampTime(release.stamp) < keepForMs;
        if (index < keepReleases - 1 || young) {
            for (const file of Object.keys(release.manifest.files))
                kept.add(file);
        }
    });
    return kept;
}
function isManifest(value) {
    const m = value;
    return (typeof m === 'object' &&
        m !== null &&
        m.format === 1 &&
        typeof m.releaseId === 'string' &&
        typeof m.snapshotPrefix === 'string' &&
        typeof m.files === 'object' &&
        m.files !== null);
}

;// CONCATENATED MODULE: ./src/sync-spa-s3/plan.ts


/** The entry a release recorded for a path whose object is still exactly what it wrote. */
function vouched(input, file, remote) {
    for (const release of [...(input.live ? [input.live] : []), ...input.releases]) {
        const entry = release.manifest.files[file.path];
        if (entry !== undefined && entry.etag === remote.etag && entry.size === remote.size)
            return entry;
    }
    return undefined;
}
/** Files whose remote object no release vouches for, so only HeadObject can tell its content. */
function filesToHead(input) {
    return input.files.filter((file) => {
        const remote = input.remote.get(input.prefix + file.path);
        return (remote !== undefined &&
            remote.size === file.size &&
            vouched({ ...input, heads: new Map() }, file, remote) === undefined);
    });
}
/** Decides, by content hash only (never by modification time), what to upload, copy and prune. */
function planSync(input) {
    const plan = {
        upload: [],
        updateHeaders: [],
        unchanged: [],
        prune: [],
        unmanaged: 0,
        changedPaths: [],
        etags: new Map(),
        noop: false,
    };
    for (const file of input.files) {
        const key = input.prefix + file.path;
        const remote = input.remote.get(key);
        let remoteState;
        if (remote !== undefined) {
            const entry = vouched(input, file, remote);
            const head = input.heads.get(file.path);
            if (entry !== undefined)
                remoteState = { sha1: entry.sha1, headers: entry, etag: remote.etag };
            else if (head !== undefined)
                remoteState = { sha1: head.sha1, headers: head, etag: head.etag };
        }
        if (remoteState === undefined || remoteState.sha1 !== file.sha1) {
            plan.upload.push(file);
        }
        else if (!sameHeaders(file.headers, remoteState.headers)) {
            plan.updateHeaders.push(file);
        }
        else {
            plan.unchanged.push(file);
            plan.etags.set(file.path, remoteState.etag);
        }
    }
    const baseline = input.releases[0];
    const unchanged = new Set(plan.unchanged);
    for (const file of input.files) {
        const before = baseline?.manifest.files[file.path];
        const changed = baseline === undefined
            ? !unchanged.has(file)
            : before === undefined || before.sha1 !== file.sha1 || !sameHeaders(file.headers, before);
        if (changed)
            plan.changedPaths.push(...urlPaths(input.urlBase, file.path));
    }
    // A build identical to the live release is that release again, not a new one: it does not
    // advance the keep-releases window (so an idle re-deploy never prunes).
    const live = input.live?.manifest.files;
    const sameAsLive = plan.upload.length === 0 &&
        plan.updateHeaders.length === 0 &&
        live !== undefined &&
        Object.keys(live).length === input.files.length &&
        input.files.every((f) => live[f.path]?.sha1 === f.sha1 && sameHeaders(f.headers, live[f.path] ?? {}));
    if (input.prune) {
        const current = new Set(input.files.map((f) => f.path));
        const window = sameAsLive && input.live?.key === input.releases[0]?.key
            ? input.keepReleases + 1
            : input.keepReleases;
        const kept = keptPaths(current, input.releases, window, input.keepForMs, input.now);
        const known = new Set(input.releases.flatMap((r) => Object.keys(r.manifest.files)));
        for (const key of input.remote.keys()) {
            const file = key.slice(input.prefix.length);
            if (kept.has(file))
                continue;
            if (known.has(file))
                plan.prune.push(key);
            else
                plan.unmanaged++;
        }
    }
    plan.noop = sameAsLive && plan.prune.length === 0;
    return plan;
}
/** The URL paths a file is reachable at: its own, and its folder's for an index.html. */
function urlPaths(urlBase, file) {
    const encoded = file.split('/').map(encodeURIComponent).join('/');
    const paths = [`${urlBase}${encoded}`];
    if (file === 'index.html' || file.endsWith('/index.html')) {
        paths.push(`${urlBase}${encoded.slice(0, -'index.html'.length)}`);
    }
    return paths;
}

;// CONCATENATED MODULE: ./src/sync-spa-s3/site-state.ts




async function readSiteState(bucket, prefix, exclude) {
    const excluded = exclude.length === 0 ? () => false : picomatch_default()([...exclude], { dot: true });
    const listed = await bucket.list(prefix);
    const manifests = releasesPrefix(prefix);
    const objects = new Map();
    const all = new Map();
    const releases = [];
    for (const object of listed) {
        all.set(object.key, object);
        if (object.key.startsWith(manifests)) {
            const ref = parseReleaseKey(object.key, prefix);
            if (ref !== undefined)
                releases.push(ref);
        }
        else if (!excluded(object.key.slice(prefix.length))) {
            objects.set(object.key, object);
        }
    }
    releases.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    return { objects, all, releases };
}
/** Loads manifests; an unreadable one is skipped with a warning (its files are then unmanaged). */
async function loadReleases(bucket, refs) {
    const loaded = await Promise.all(refs.map(async (ref) => {
        try {
            const manifest = await bucket.getJson(ref.key);
            if (isManifest(manifest))
                return { ...ref, manifest };
            (0,core_summary/* warnAnnotation */._q)(`${ref.key} is not a release manifest this action wrote; ignoring it`);
        }
        catch (error) {
            (0,core_summary/* warnAnnotation */._q)(`could not read release manifest ${ref.key}: ${(0,errors/* describeError */.Uc)(error)}`);
        }
        return undefined;
    }));
    return loaded.filter((r) => r !== undefined);
}

;// CONCATENATED MODULE: ./src/sync-spa-s3/restore.ts






/**
 * Makes an earlier release live again without uploading: every file whose live object differs
 * from what that release published is copied back server-side from the release's snapshot,
 * assets first and entry files last. Refuses (before any write) when a file cannot be restored.
 */
async function restoreRelease(inputs, which, bucket) {
    const state = await readSiteState(bucket, inputs.prefix, []);
    const ids = state.releases.map((r) => r.releaseId);
    const ref = which === 'previous' ? state.releases[1] : state.releases.find((r) => r.releaseId === which);
    if (ref === undefined) {
        throw new errors/* ConfigurationError */.j1(which === 'previous'
            ? `there is no previous release under s3://${inputs.bucket}/${inputs.prefix} (releases: ${ids.join(', ') || 'none'})`
            : `no release ${(0,core_inputs/* quote */.hD)(which)} under s3://${inputs.bucket}/${inputs.prefix} (newest first: ${ids.slice(0, 10).join(', ') || 'none'})`, 'restore-release');
    }
    const [target] = await loadReleases(bucket, [ref]);
    if (target === undefined)
        throw new errors/* DeploymentFailedError */.RJ(`cannot read the manifest of release ${ref.releaseId} (${ref.key})`);
    const copies = [];
    const missing = [];
    let unchanged = 0;
    for (const [file, entry] of Object.entries(target.manifest.files)) {
        const live = state.objects.get(inputs.prefix + file);
        if (live !== undefined && live.etag === entry.etag) {
            unchanged++;
        }
        else if (entry.snapshot !== undefined && state.all.has(entry.snapshot)) {
            copies.push([file, entry]);
        }
        else {
            missing.push(file);
        }
    }
    if (missing.length > 0) {
        throw new errors/* DeploymentFailedError */.RJ(`cannot restore release ${ref.releaseId}: ${missing.length} of its files are gone (pruned or overwritten), e.g. ${missing.slice(0, 5).join(', ')}. ` +
            'Raise keep-releases so assets outlive the releases you may restore');
    }
    const etags = new Map();
    const order = [
        copies.filter(([, e]) => e.kind !== 'entry'),
        copies.filter(([f, e]) => e.kind === 'entry' && !/\.html?$/.test(f)),
        copies.filter(([f, e]) => e.kind === 'entry' && /\.html?$/.test(f)),
    ];
    for (const phase of order) {
        await Promise.all(phase.map(async ([file, entry]) => {
            etags.set(file, await bucket.copy(entry.snapshot ?? '', inputs.prefix + file));
            core/* info */.pq(`restored ${file} from ${entry.snapshot}`);
        }));
    }
    const releaseId = `${inputs.releaseId}-restore`;
    const newRef = newReleaseRef(inputs.prefix, releaseId, new Date());
    const manifest = {
        ...target.manifest,
        releaseId,
        createdAt: new Date().toISOString(),
        restoredFrom: ref.releaseId,
        files: Object.fromEntries(Object.entries(target.manifest.files).map(([f, e]) => [
            f,
            { ...e, etag: etags.get(f) ?? e.etag },
        ])),
    };
    await bucket.putJson(newRef.key, manifest);
    return {
        restored: ref.releaseId,
        releaseId,
        copied: copies.map(([f]) => f),
        unchanged,
        changedPaths: copies.flatMap(([f]) => urlPaths(inputs.urlBase, f)),
        manifestKey: newRef.key,
    };
}

// EXTERNAL MODULE: ./src/core/concurrency.ts
var concurrency = __webpack_require__(8904);
;// CONCATENATED MODULE: ./src/sync-spa-s3/sync.ts









/** Lists the build and refuses a bad one (empty, no entry file) before any request. */
async function scanBuild(inputs) {
    const scanned = await scanDirectory(inputs.directory, inputs.exclude);
    checkBuild(scanned, inputs.directory, inputs.indexFile);
    return scanned;
}
/** Classifies and hashes every file (streaming, bounded memory). */
async function hashBuild(inputs, scanned) {
    const classifier = new Classifier({
        entry: inputs.entryFiles,
        hashed: inputs.hashedFiles,
        cacheControl: inputs.cacheControl,
        contentType: inputs.contentType,
        precompressed: inputs.precompressed,
    });
    const totalBytes = scanned.reduce((sum, f) => sum + f.size, 0);
    const progress = new core_progress/* ProgressReporter */.P({
        label: 'hashed',
        totalItems: scanned.length,
        totalBytes,
    });
    const hashes = await hashFiles(scanned, {
        multipartThreshold: inputs.multipartThreshold,
        partSize: inputs.partSize,
        onHashed: (bytes) => progress.advance(1, bytes),
    });
    progress.finish();
    const names = new Set(scanned.map((f) => f.path));
    return scanned.map((file) => {
        const hash = hashes.get(file.path) ?? { sha1: '' };
        return {
            ...file,
            sha1: hash.sha1,
            ...(hash.parts === undefined ? {} : { partSha1: hash.parts }),
            ...classifier.headers(file.path, names),
        };
    });
}
async function readRemote(inputs, bucket) {
    const state = await readSiteState(bucket, inputs.prefix, inputs.exclude);
    const existing = state.releases.find((r) => r.releaseId === inputs.releaseId);
    // A re-run of the same release compares against the release before it, so it reports the same
    // changed paths (and invalidate-cdn the same CallerReference) as the first attempt.
    const earlier = state.releases.filter((r) => existing === undefined || r.key < existing.key);
    const toLoad = earlier.slice(0, inputs.keepReleases + 5);
    const liveRef = state.releases[0];
    const loaded = await loadReleases(bucket, liveRef !== undefined && !toLoad.includes(liveRef) ? [liveRef, ...toLoad] : toLoad);
    const live = loaded.find((r) => r.key === liveRef?.key);
    return {
        state,
        ...(existing === undefined ? {} : { existing }),
        releases: loaded.filter((r) => toLoad.some((ref) => ref.key === r.key)),
        ...(live === undefined ? {} : { live }),
    };
}
/** Plans and (unless dry-run) publishes: assets, then entry files, then the manifest, then pruning. */
async function syncSite(inputs, files, remote, bucket) {
    const { state, existing, releases, live } = remote;
    const base = {
        files,
        prefix: inputs.prefix,
        urlBase: inputs.urlBase,
        remote: state.objects,
        releases,
        ...(live === undefined ? {} : { live }),
        prune: inputs.prune,
        keepReleases: inputs.keepReleases,
        ...(inputs.keepForMs === undefined ? {} : { keepForMs: inputs.keepForMs }),
        now: Date.now(),
    };
    const heads = new Map();
    await Promise.all(filesToHead(base).map(async (file) => {
        const head = await bucket.head(inputs.prefix + file.path);
        if (head !== undefined)
            heads.set(file.path, head);
    }));
    const plan = planSync({ ...base, heads });
    checkDeleteRatio(plan, state.objects.size, inputs.maxDeleteRatio);
    const result = { files, plan, releaseId: inputs.releaseId, bytesUploaded: 0 };
    if (inputs.dryRun)
        return result;
    if (plan.noop && live !== undefined)
        return { ...result, releaseId: live.releaseId };
    const ref = existing ?? newReleaseRef(inputs.prefix, inputs.releaseId, new Date());
    const etags = new Map(plan.etags);
    result.bytesUploaded = await publish(inputs, plan, bucket, etags);
    const manifest = manifestOf(inputs, files, etags, ref, releases[0]);
    await core/* group */.Os('Release manifest and snapshots', async () => {
        await snapshot(inputs, bucket, manifest);
        await bucket.putJson(ref.key, manifest);
        core/* info */.pq(`release ${ref.releaseId}: manifest ${ref.key}`);
    });
    if (plan.prune.length > 0) {
        await core/* group */.Os(`Prune ${plan.prune.length} objects absent for ${inputs.keepReleases} releases`, async () => {
            for (const key of plan.prune.slice(0, 50))
                core/* info */.pq(`delete ${key}`);
            await bucket.delete(plan.prune);
        });
    }
    return { ...result, manifestKey: ref.key };
}
function checkDeleteRatio(plan, objects, maxRatio) {
    if (objects === 0 || plan.prune.length === 0)
        return;
    const ratio = plan.prune.length / objects;
    if (ratio > maxRatio) {
        throw new errors/* ConfigurationError */.j1(`pruning would delete ${plan.prune.length} of ${objects} objects (${Math.round(ratio * 100)}%), more than ${maxRatio}: ` +
            'check directory and prefix, or raise max-delete-ratio if this is intended', 'max-delete-ratio');
    }
}
/** Uploads in the safe order: assets first, then entry files, HTML last. Returns bytes sent. */
async function publish(inputs, plan, bucket, etags) {
    const work = [...plan.upload, ...plan.updateHeaders];
    if (work.length === 0)
        return 0;
    const copies = new Set(plan.updateHeaders);
    const totalBytes = plan.upload.reduce((sum, f) => sum + f.size, 0);
    const progress = new core_progress/* ProgressReporter */.P({ label: 'uploaded', totalItems: work.length, totalBytes });
    let bytes = 0;
    const one = async (file) => {
        const key = inputs.prefix + file.path;
        const etag = copies.has(file)
            ? await bucket.copy(key, key, { headers: file.headers, sha1: file.sha1 })
            : await bucket.upload(file, key, (sent) => {
                bytes += sent;
                progress.advance(0, sent);
            });
        etags.set(file.path, etag);
        progress.advance(1);
    };
    const isHtml = (f) => /\.html?$/.test(f.path);
    const phases = [
        ['assets', work.filter((f) => f.kind !== 'entry')],
        ['entry files', work.filter((f) => f.kind === 'entry' && !isHtml(f))],
        ['HTML', work.filter((f) => f.kind === 'entry' && isHtml(f))],
    ];
    for (const [name, phase] of phases) {
        if (phase.length === 0)
            continue;
        core/* info */.pq(`publishing ${phase.length} ${name}`);
        await (0,concurrency/* forEachLimited */.v)(phase, inputs.concurrency, one);
    }
    progress.finish();
    return bytes;
}
function manifestOf(inputs, files, etags, ref, previous) {
    const entries = {};
    for (const file of files) {
        const before = previous?.manifest.files[file.path];
        entries[file.path] = {
            sha1: file.sha1,
            size: file.size,
            etag: etags.get(file.path) ?? '',
            kind: file.kind,
            ...file.headers,
            // Hashed assets never change under their name; other files keep a copy for restores.
            ...(file.kind === 'hashed'
                ? {}
                : {
                    snapshot: before?.snapshot !== undefined &&
                        before.sha1 === file.sha1 &&
                        sameHeaders(file.headers, before)
                        ? before.snapshot
                        : `${snapshotPrefixOf(ref)}${file.path}`,
                }),
        };
    }
    return {
        format: 1,
        releaseId: inputs.releaseId,
        createdAt: new Date().toISOString(),
        snapshotPrefix: snapshotPrefixOf(ref),
        files: entries,
    };
}
/** Server-side copies of the release's non-hashed files that no earlier snapshot holds. */
async function snapshot(inputs, bucket, manifest) {
    const fresh = Object.entries(manifest.files).filter(([, e]) => e.snapshot?.startsWith(manifest.snapshotPrefix) === true);
    await Promise.all(fresh.map(([file, entry]) => bucket.copy(inputs.prefix + file, entry.snapshot ?? '')));
}

;// CONCATENATED MODULE: ./src/sync-spa-s3/main.ts





/** Publishes a build by content hash in the safe order, or restores an earlier release. */
async function run({ signal }) {
    const started = Date.now();
    const inputs = (0,sync_spa_s3_inputs.readInputs)();
    // The SDK loads (CPU, on this thread) while the build is scanned and hashing starts on a worker
    // thread; reading the bucket joins once the SDK is loaded, and this thread hashes the rest.
    const remote = Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711), __webpack_require__.e(811)]).then(__webpack_require__.bind(__webpack_require__, 7811));
    const restore = inputs.restoreRelease;
    if (restore !== undefined) {
        await withBucket(inputs, signal, remote, async (bucket) => reportRestore(inputs, await restoreRelease(inputs, restore, bucket), Date.now() - started));
        return;
    }
    const scanned = await scanBuild(inputs);
    const hashing = core/* group */.Os('Hash the build', () => hashBuild(inputs, scanned));
    hashing.catch(() => undefined); // awaited below; this only keeps an early failure "handled"
    await withBucket(inputs, signal, remote, async (bucket) => {
        // Nothing is written before both the hashes and the bucket's state are known.
        const [files, site] = await Promise.all([hashing, readRemote(inputs, bucket)]);
        await reportSync(inputs, await syncSite(inputs, files, site, bucket), Date.now() - started);
    });
}
async function withBucket(inputs, signal, remote, fn) {
    const { SiteBucket } = await remote;
    const bucket = new SiteBucket(inputs.aws, { ...inputs, signal });
    try {
        await fn(bucket);
    }
    finally {
        bucket.destroy();
    }
}


/***/ })

};

//# sourceMappingURL=55.index.js.map