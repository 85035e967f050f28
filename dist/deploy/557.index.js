export const id = 557;
export const ids = [557];
export const modules = {

/***/ 6557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildPushEcr: () => (/* binding */ buildPushEcr)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(4991);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
// EXTERNAL MODULE: ./src/ecr/errors.ts
var ecr_errors = __webpack_require__(2103);
// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(8675);
;// CONCATENATED MODULE: ./src/ecr/registry-api.ts

async function privateRegistryApi(settings) {
    const { ECRClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    const repositories = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249), __webpack_require__.e(692)]).then(__webpack_require__.bind(__webpack_require__, 8692));
    const images = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249), __webpack_require__.e(298)]).then(__webpack_require__.bind(__webpack_require__, 2298));
    const auth = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 6626));
    const ecr = (0,aws_clients/* createClient */.UU)(ECRClient, settings);
    return {
        kind: 'private',
        requireRepository: (name) => repositories.requireRepository(ecr, name),
        ensureRepository: (name, desired) => repositories.ensureRepository(ecr, name, desired),
        describeImage: (repositoryName, id) => images.describeImage(ecr, repositoryName, id),
        login: () => auth.getRegistryLogin(ecr),
        retag: {
            getManifests: (repositoryName, ids) => images.getManifests(ecr, repositoryName, ids),
            tagImage: (repositoryName, image, tag) => images.tagImage(ecr, repositoryName, image, tag),
        },
    };
}
/** ECR Public: its API lives in us-east-1 whatever the workflow's region. */
async function publicRegistryApi(settings) {
    const { ECRPUBLICClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(821)]).then(__webpack_require__.t.bind(__webpack_require__, 9821, 19));
    const pub = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(821), __webpack_require__.e(465)]).then(__webpack_require__.bind(__webpack_require__, 3465));
    const ecr = (0,aws_clients/* createClient */.UU)(ECRPUBLICClient, { ...settings, region: 'us-east-1' });
    return {
        kind: 'public',
        requireRepository: (name) => pub.requirePublicRepository(ecr, name),
        ensureRepository: (name) => pub.ensurePublicRepository(ecr, name),
        describeImage: (repositoryName, id) => pub.describePublicImage(ecr, repositoryName, id),
        login: () => pub.getPublicRegistryLogin(ecr),
    };
}

;// CONCATENATED MODULE: ./src/build-push-ecr/docker-cli.ts

/** A docker command that failed; `output` holds what it printed (never secrets: none are passed). */
class DockerCommandError extends Error {
    command;
    output;
    exitCode;
    name = 'DockerCommandError';
    constructor(command, output, exitCode) {
        super(`docker ${command} failed (exit ${exitCode}): ${lastLines(output)}`);
        this.command = command;
        this.output = output;
        this.exitCode = exitCode;
    }
}
function lastLines(text) {
    const lines = text
        .trim()
        .split('\n')
        .filter((line) => line.trim() !== '');
    return lines.slice(-3).join(' | ') || 'no output';
}
/** Runs the docker CLI (via @actions/exec, loaded on first use). `input` goes to stdin. */
async function docker(args, options = {}) {
    const exec = await __webpack_require__.e(/* import() */ 260).then(__webpack_require__.bind(__webpack_require__, 1260));
    const env = {};
    for (const [key, value] of Object.entries(process.env))
        if (value !== undefined)
            env[key] = value;
    Object.assign(env, options.env ?? {});
    try {
        return await exec.getExecOutput('docker', [...args], {
            ignoreReturnCode: true,
            silent: options.silent ?? false,
            env,
            ...(options.input === undefined ? {} : { input: Buffer.from(options.input) }),
        });
    }
    catch (error) {
        throw new DockerCommandError(args[0] ?? '', `could not run docker: ${(0,errors/* describeError */.Uc)(error)}`, 127);
    }
}
/** Runs docker and throws DockerCommandError on a non-zero exit. */
async function dockerOk(args, options = {}) {
    const result = await docker(args, options);
    if (result.exitCode !== 0) {
        throw new DockerCommandError(args.slice(0, 2).join(' '), `${result.stdout}\n${result.stderr}`, result.exitCode);
    }
    return result;
}
/** Which builder this runner has: buildx (GitHub's runners), the legacy builder, or no docker. */
async function detectBuilder() {
    try {
        const buildx = await docker(['buildx', 'version'], { silent: true });
        if (buildx.exitCode === 0)
            return 'buildx';
        const version = await docker(['version', '--format', '{{.Client.Version}}'], { silent: true });
        return version.exitCode === 127 ? 'none' : 'legacy';
    }
    catch {
        return 'none';
    }
}
/** `docker login --password-stdin`: the password never appears on a command line. */
async function dockerLogin(registry, username, password) {
    await dockerOk(['login', '--username', username, '--password-stdin', registry], {
        input: password,
    });
}
async function dockerLogout(registry) {
    await docker(['logout', registry], { silent: true });
}

;// CONCATENATED MODULE: ./src/build-push-ecr/docker-commands.ts
/** Command lines for the docker CLI, built as argument arrays (never through a shell). */
/** The environment variable a build secret travels in (never on the command line). */
function secretEnvName(id) {
    return `BUILD_SECRET_${id.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}
/** `docker buildx build --push`: every tag, platforms, args, secrets, cache, attestations. */
function buildxCommand(build, refs, metadataFile) {
    const args = [
        'buildx',
        'build',
        '--push',
        '--metadata-file',
        metadataFile,
        '--file',
        build.dockerfile,
    ];
    for (const ref of refs)
        args.push('--tag', ref);
    if (build.platforms.length > 0)
        args.push('--platform', build.platforms.join(','));
    for (const [key, value] of build.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    const env = {};
    for (const [id, value] of build.secrets) {
        const name = secretEnvName(id);
        args.push('--secret', `id=${id},env=${name}`);
        env[name] = value;
    }
    if (build.target !== undefined)
        args.push('--target', build.target);
    for (const cache of build.cacheFrom)
        args.push('--cache-from', cache);
    for (const cache of build.cacheTo)
        args.push('--cache-to', cache);
    args.push(`--provenance=${String(build.provenance)}`, `--sbom=${String(build.sbom)}`);
    args.push(build.context);
    return { args, env };
}
/** `docker build` (legacy builder, no buildx): one platform at most, no secrets, no cache export. */
function legacyBuildCommand(build, refs) {
    const args = ['build', '--file', build.dockerfile];
    for (const ref of refs)
        args.push('--tag', ref);
    const platform = build.platforms[0];
    if (platform !== undefined)
        args.push('--platform', platform);
    for (const [key, value] of build.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    if (build.target !== undefined)
        args.push('--target', build.target);
    args.push(build.context);
    return args;
}
/** The digest `docker push` reports for a tag: "TAG: digest: sha256:... size: N". */
function parsePushDigest(output, tag) {
    const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`(?:^|\\s)${escaped}: digest: (sha256:[a-f0-9]{64})`, 'm').exec(output);
    return match?.[1];
}
/** The pushed digest buildx writes to its metadata file. */
function parseBuildxMetadata(text) {
    try {
        const digest = JSON.parse(text)['containerimage.digest'];
        return typeof digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined;
    }
    catch {
        return undefined;
    }
}
/** Registry failures worth another push: throttling, 5xx, resets, timeouts. */
function isTransientRegistryFailure(output) {
    if (/TAG_INVALID|immutable|denied|unauthorized|NAME_UNKNOWN|name unknown|manifest invalid/i.test(output)) {
        return false;
    }
    return /toomanyrequests|too many requests|\b429\b|\b5\d\d\b|internal server error|service unavailable|bad gateway|connection reset|broken pipe|unexpected EOF|\bEOF\b|i\/o timeout|timeout|ECONNRESET|connection refused|TLS handshake/i.test(output);
}
/** An immutable tag refused by the registry on push. */
function isImmutableTagRefusal(output) {
    return /TAG_INVALID|cannot be overwritten because the repository is immutable/i.test(output);
}

;// CONCATENATED MODULE: ./src/build-push-ecr/build-push.ts











/** The orchestration: repository, then skip, promote, or build and push. */
async function buildPushEcr(config, context) {
    const builder = config.mode.kind === 'build' ? await checkBuilder(config.mode.build) : undefined;
    const api = config.registryType === 'public'
        ? await publicRegistryApi(config.aws)
        : await privateRegistryApi(config.aws);
    const { repository, changes } = config.repositorySettings.create
        ? await api.ensureRepository(config.repository, config.repositorySettings)
        : { repository: await api.requireRepository(config.repository), changes: [] };
    for (const change of changes)
        core/* info */.pq(`repository ${repository.name}: ${change}`);
    const base = { repository, repositoryChanges: changes };
    if (config.mode.kind === 'promote') {
        const retag = requireRetag(api);
        const source = config.mode.source;
        const found = await retag.getManifests(repository.name, [source]);
        const image = found.get(source.imageTag ?? source.imageDigest ?? '');
        if (image === undefined) {
            throw new Error(`the source image ${source.imageTag ?? source.imageDigest ?? ''} is not in ${repository.uri}; nothing to promote`);
        }
        const retagged = await applyTags(api, repository.name, image, config.tags);
        const facts = await api.describeImage(repository.name, { imageDigest: image.digest });
        return {
            ...base,
            mode: 'promote',
            digest: image.digest,
            tags: config.tags,
            skipped: false,
            retagged,
            ...size(facts?.sizeInBytes),
        };
    }
    const { build, skipExisting } = config.mode;
    const commitTag = config.commitTag ?? '';
    const existing = await api.describeImage(repository.name, { imageTag: commitTag });
    const missing = config.tags.filter((tag) => !(existing?.tags ?? []).includes(tag));
    if (existing !== undefined && skipExisting && (missing.length === 0 || api.retag !== undefined)) {
        core/* info */.pq(`${repository.uri}:${commitTag} already exists (${existing.digest}): skipping the build`);
        let retagged = [];
        if (missing.length > 0) {
            const retag = requireRetag(api);
            const image = (await retag.getManifests(repository.name, [{ imageDigest: existing.digest }])).get(existing.digest);
            if (image === undefined)
                throw new Error(`image ${existing.digest} disappeared from ${repository.uri}`);
            retagged = await applyTags(api, repository.name, image, missing);
        }
        return {
            ...base,
            mode: 'build',
            digest: existing.digest,
            tags: config.tags,
            skipped: true,
            retagged,
            ...size(existing.sizeInBytes),
        };
    }
    if (existing !== undefined && skipExisting) {
        core/* info */.pq(`${repository.uri}:${commitTag} exists without ${missing.join(', ')}; ECR Public cannot add tags without a push, so building again`);
    }
    if (repository.tagMutability === 'IMMUTABLE') {
        await refuseTakenTags(requireRetag(api), repository, config.tags.filter((tag) => tag !== commitTag));
    }
    const login = await api.login();
    if (login.registry !== repository.registry) {
        core/* debug */.Yz(`registry from the token: ${login.registry}; from the repository: ${repository.registry}`);
    }
    await pushRetry(config, 'docker login', () => dockerLogin(repository.registry, login.username, login.password), context);
    let pushed;
    try {
        pushed = await buildAndPush(config, build, builder ?? 'legacy', repository, context);
    }
    catch (error) {
        if (error instanceof DockerCommandError && isImmutableTagRefusal(error.output)) {
            throw new ecr_errors/* ImmutableTagError */.z(`the registry refused the push: a tag in ${JSON.stringify(config.tags.join(', '))} already names a different image in the immutable repository ${JSON.stringify(repository.name)}; immutable tags cannot be moved`, { cause: error });
        }
        throw error;
    }
    finally {
        if (config.logout)
            await dockerLogout(repository.registry);
    }
    // The registry's own record is the truth: the digest of the manifest it stored for our tag.
    const stored = await api.describeImage(repository.name, { imageTag: commitTag });
    if (stored === undefined)
        throw new Error(`the push finished but ${repository.uri}:${commitTag} is not in ECR`);
    if (pushed.digest !== undefined && pushed.digest !== stored.digest) {
        (0,summary/* warnAnnotation */._q)(`docker reported ${pushed.digest} but ECR holds ${stored.digest} for ${commitTag}; using ECR's digest`, 'build-push-ecr');
    }
    return {
        ...base,
        mode: 'build',
        digest: stored.digest,
        tags: config.tags,
        skipped: false,
        builder: builder ?? 'legacy',
        buildMs: pushed.buildMs,
        pushMs: pushed.pushMs,
        retagged: [],
        ...size(stored.sizeInBytes),
    };
}
function requireRetag(api) {
    // Inputs refuse promote mode for ECR Public, and public repositories are never IMMUTABLE.
    if (api.retag === undefined)
        throw new Error(`retagging is not available for ${api.kind} ECR`);
    return api.retag;
}
function size(bytes) {
    return bytes === undefined ? {} : { sizeInBytes: bytes };
}
/** Which builder to use, and the inputs it cannot honour (ConfigurationError before any AWS call). */
async function checkBuilder(build) {
    const builder = await detectBuilder();
    if (builder === 'none') {
        throw new Error('the docker CLI is not available on this runner; build-push-ecr needs docker (with buildx, ideally)');
    }
    if (builder === 'legacy') {
        if (build.platforms.length > 1) {
            throw new errors/* ConfigurationError */.j1('building for several platforms needs docker buildx, which this runner lacks (add docker/setup-buildx-action before this step)', 'platforms');
        }
        if (build.secrets.size > 0) {
            throw new errors/* ConfigurationError */.j1('build secrets need docker buildx, which this runner lacks (add docker/setup-buildx-action before this step)', 'build-secrets');
        }
        core/* info */.pq('docker buildx is not installed: building with docker build, then docker push');
        if (build.cacheFrom.length > 0 || build.cacheTo.length > 0) {
            (0,summary/* warnAnnotation */._q)('cache-from/cache-to are ignored: docker buildx is not installed on this runner', 'build-push-ecr');
        }
    }
    return builder;
}
async function refuseTakenTags(retag, repository, tags) {
    const taken = await retag.getManifests(repository.name, tags.map((imageTag) => ({ imageTag })));
    const [tag, image] = [...taken][0] ?? [];
    if (tag !== undefined && image !== undefined) {
        throw new ecr_errors/* ImmutableTagError */.z(`tag ${JSON.stringify(tag)} already names ${image.digest} in the immutable repository ${JSON.stringify(repository.name)}; immutable tags cannot be moved: drop it from tags, use a unique tag, or make the repository MUTABLE`);
    }
}
async function applyTags(api, repositoryName, image, tags) {
    const retag = requireRetag(api);
    const added = [];
    for (const tag of tags) {
        const outcome = await retag.tagImage(repositoryName, image, tag);
        core/* info */.pq(`${repositoryName}:${tag} ${outcome === 'tagged' ? '->' : 'already is'} ${image.digest}`);
        if (outcome === 'tagged')
            added.push(tag);
    }
    return added;
}
function pushRetry(config, what, fn, context) {
    return (0,retry/* retry */.L)(fn, {
        description: what,
        maxAttempts: config.pushAttempts,
        isRetryable: (error) => error instanceof DockerCommandError && isTransientRegistryFailure(error.output),
        backoff: { initialDelayMs: 1000, maxDelayMs: 15_000 },
        signal: context.signal,
        onRetry: (error, attempt, delayMs) => core/* warning */.$e(`${what} failed (attempt ${attempt}), retrying in ${Math.round(delayMs / 100) / 10}s: ${error.message}`),
    });
}
async function buildAndPush(config, build, builder, repository, context) {
    const refs = config.tags.map((tag) => `${repository.uri}:${tag}`);
    if (builder === 'buildx') {
        const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(process.env.RUNNER_TEMP ?? external_node_os_default().tmpdir(), 'build-push-ecr-'));
        try {
            const metadata = external_node_path_default().join(dir, 'metadata.json');
            const { args, env } = buildxCommand(build, refs, metadata);
            const started = Date.now();
            await core/* group */.Os(`Build and push ${refs[0] ?? ''} (buildx)`, () => pushRetry(config, 'docker buildx build --push', () => dockerOk(args, { env }), context));
            return {
                digest: parseBuildxMetadata((0,external_node_fs_.readFileSync)(metadata, 'utf8')),
                buildMs: Date.now() - started,
                pushMs: 0,
            };
        }
        finally {
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        }
    }
    const buildStarted = Date.now();
    await core/* group */.Os(`Build ${refs[0] ?? ''}`, () => dockerOk(legacyBuildCommand(build, refs)));
    const buildMs = Date.now() - buildStarted;
    const pushStarted = Date.now();
    const digests = new Set();
    await core/* group */.Os(`Push ${refs.length} tag(s) to ${repository.uri}`, async () => {
        for (const [index, ref] of refs.entries()) {
            const result = await pushRetry(config, `docker push ${ref}`, () => dockerOk(['push', ref]), context);
            const digest = parsePushDigest(result.stdout, config.tags[index] ?? '');
            if (digest !== undefined)
                digests.add(digest);
        }
    });
    if (digests.size > 1)
        throw new Error(`the pushed tags report different digests: ${[...digests].join(', ')}`);
    return { digest: [...digests][0], buildMs, pushMs: Date.now() - pushStarted };
}


/***/ }),

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

/***/ 7253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ retry),
/* harmony export */   b: () => (/* binding */ isTransientError)
/* harmony export */ });
/* harmony import */ var _backoff__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3915);
/* harmony import */ var _clock__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2257);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);



const DEFAULT_BACKOFF = { initialDelayMs: 1000, maxDelayMs: 20_000 };
/**
 * Runs `fn` until it succeeds, the error is not retryable, or attempts run out. A
 * ConfigurationError is never retried. When attempts run out, the last error is thrown with
 * "<description> failed after N attempts" in front of its message. An abort of `signal` stops
 * the retries: the last error is thrown as it is, or a CancelledError when the abort came
 * during the delay.
 */
async function retry(fn, options) {
    const clock = options.clock ?? _clock__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            const retryable = !(error instanceof _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1) && options.isRetryable(error);
            if (!retryable || options.signal?.aborted)
                throw error;
            if (attempt >= maxAttempts) {
                if (error instanceof Error) {
                    error.message = `${options.description} failed after ${attempt} attempts: ${(0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`;
                }
                throw error;
            }
            const delay = (0,_backoff__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .E)(attempt - 1, backoff);
            options.onRetry?.(error, attempt, delay);
            try {
                await clock.sleep(delay, options.signal);
            }
            catch (sleepError) {
                if (options.signal?.aborted) {
                    throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc(`Cancelled while retrying ${options.description} after ${attempt} attempts: ${(0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
                }
                throw sleepError;
            }
        }
    }
}
const RETRYABLE_CODES = new Set([
    'ThrottlingException',
    'Throttling',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'InternalServiceError',
    'InternalServiceErrorException',
    'InternalServerException',
    'InternalError',
    'RequestTimeout',
    'RequestTimeoutException',
    'TimeoutError',
]);
const RETRYABLE_NETWORK = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ECONNABORTED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_SOCKET',
]);
/**
 * Transient AWS / network failures: throttling, 5xx, connection resets and timeouts, also when
 * wrapped as the `cause` of another error (fetch() reports a reset as TypeError with a cause).
 */
function isTransientError(error) {
    return isTransientAt(error, 0);
}
function isTransientAt(error, depth) {
    if (typeof error !== 'object' || error === null || depth > 3)
        return false;
    if (error instanceof _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1)
        return false;
    const e = error;
    if (typeof e.name === 'string' && RETRYABLE_CODES.has(e.name))
        return true;
    if (typeof e.code === 'string' &&
        (RETRYABLE_CODES.has(e.code) || RETRYABLE_NETWORK.has(e.code))) {
        return true;
    }
    const status = e.$metadata?.httpStatusCode;
    if (status !== undefined && (status === 429 || status >= 500))
        return true;
    if (e.$retryable !== undefined && e.$retryable !== null)
        return true;
    return isTransientAt(e.cause, depth + 1);
}


/***/ }),

/***/ 2103:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ ImmutableTagError)
/* harmony export */ });
/** An immutable tag already names another image: ECR will not move it. */
class ImmutableTagError extends Error {
    name = 'ImmutableTagError';
}


/***/ })

};

//# sourceMappingURL=557.index.js.map