export const id = 488;
export const ids = [488];
export const modules = {

/***/ 488:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readInputs: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(379);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(675);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(114);
;// CONCATENATED MODULE: ./src/ecr/names.ts
/** ECR repository names: lower-case parts separated by /, each of letters, digits and . _ -. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Docker/ECR image tags: up to 128 of letters, digits, _ . -, not starting with . or -. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Manifest media types accepted when reading images back (index types included). */
const MANIFEST_MEDIA_TYPES = (/* unused pure expression or super */ null && ([
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.index.v1+json',
]));

;// CONCATENATED MODULE: ./src/build-push-ecr/inputs.ts






const OS = new Set(['linux', 'windows', 'darwin', 'freebsd']);
const ARCH = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le']);
const VARIANT = /^v[5-8]$/;
const CACHE = /^(type=[a-z]+(,[a-z-]+=[^,\s]*)*|[a-z0-9.:/_-]+)$/i;
/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
function readInputs(inputs = new core_inputs/* InputReader */.i_(), env = process.env) {
    const aws = (0,aws_clients/* readAwsSettings */.p3)(inputs, 'build-push-ecr');
    const repository = inputs.required('repository');
    if (/\.dkr\.ecr\.|amazonaws\.com|^public\.ecr\.aws|:/.test(repository)) {
        throw new errors/* ConfigurationError */.j1(`give the repository name (e.g. my-team/backend), not an image URI: got ${(0,core_inputs/* quote */.hD)(repository)}`, 'repository');
    }
    if (!REPOSITORY_NAME.test(repository) || repository.length < 2 || repository.length > 256) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(repository)} is not a valid ECR repository name (lower case letters, digits, . _ - and / between parts), e.g. my-team/backend`, 'repository');
    }
    const extraTags = inputs.list('tags');
    for (const tag of extraTags)
        checkTag(tag, 'tags');
    const sourceTag = inputs.optional('source-tag');
    const sourceDigest = inputs.matching('source-digest', /^sha256:[a-f0-9]{64}$/, 'a digest such as sha256:<64 hex digits>');
    if (sourceTag !== undefined)
        checkTag(sourceTag, 'source-tag');
    const registryType = inputs.oneOf('registry-type', ['private', 'public'], 'private');
    const repositorySettings = readRepositorySettings(inputs);
    if (registryType === 'public') {
        for (const [name, value] of [
            ['image-tag-mutability', repositorySettings.tagMutability],
            ['scan-on-push', repositorySettings.scanOnPush],
            ['keep-images', repositorySettings.keepImages],
            ['source-tag', sourceTag],
            ['source-digest', sourceDigest],
        ]) {
            if (value !== undefined) {
                throw new errors/* ConfigurationError */.j1(name.startsWith('source-')
                    ? 'promoting without a rebuild needs private ECR (ECR Public has no BatchGetImage)'
                    : 'is not a setting of ECR Public repositories (registry-type: public)', name);
            }
        }
    }
    const config = {
        aws,
        registryType,
        repository,
        repositorySettings,
        logout: inputs.boolean('logout', true),
        pushAttempts: inputs.integer('push-attempts', 4, { min: 1, max: 10 }),
    };
    if (sourceTag !== undefined || sourceDigest !== undefined) {
        for (const name of [
            'build-args',
            'build-secrets',
            'target',
            'platforms',
            'cache-from',
            'cache-to',
        ]) {
            if (inputs.optional(name) !== undefined) {
                throw new errors/* ConfigurationError */.j1('promotes an existing image (source-tag/source-digest are set) and builds nothing: remove this input or the source', name);
            }
        }
        if (extraTags.length === 0) {
            throw new errors/* ConfigurationError */.j1('is required when promoting (source-tag or source-digest): the tags to give the image', 'tags');
        }
        return {
            ...config,
            tags: unique(extraTags),
            mode: {
                kind: 'promote',
                source: {
                    ...(sourceTag === undefined ? {} : { imageTag: sourceTag }),
                    ...(sourceDigest === undefined ? {} : { imageDigest: sourceDigest }),
                },
            },
        };
    }
    const sha = env.GITHUB_SHA?.trim();
    if (sha === undefined || !/^[0-9a-f]{40}$/.test(sha)) {
        throw new errors/* ConfigurationError */.j1(`GITHUB_SHA must be a 40-character commit SHA (the runner sets it), got ${(0,core_inputs/* quote */.hD)(sha ?? '')}`);
    }
    // Several images in one repository: a prefix keeps their commit tags apart (frontend-<sha>).
    const prefix = inputs.matching('tag-prefix', /^[A-Za-z0-9_][A-Za-z0-9._-]{0,80}$/, 'a tag prefix such as frontend-');
    const commitTag = `${prefix ?? ''}${sha}`;
    return {
        ...config,
        tags: unique([commitTag, ...extraTags]),
        commitTag,
        mode: {
            kind: 'build',
            build: readBuildOptions(inputs, env),
            skipExisting: inputs.boolean('skip-existing', true),
        },
    };
}
function readRepositorySettings(inputs) {
    const create = inputs.boolean('create-repository', false);
    const tagMutability = inputs.oneOf('image-tag-mutability', ['MUTABLE', 'IMMUTABLE']);
    const scanOnPush = inputs.optional('scan-on-push') === undefined
        ? undefined
        : inputs.boolean('scan-on-push', false);
    const keepImages = inputs.integer('keep-images', undefined, { min: 1, max: 10_000 });
    const settings = {
        create,
        ...(tagMutability === undefined ? {} : { tagMutability }),
        ...(scanOnPush === undefined ? {} : { scanOnPush }),
        ...(keepImages === undefined ? {} : { keepImages }),
    };
    if (!create) {
        for (const [name, value] of [
            ['image-tag-mutability', tagMutability],
            ['scan-on-push', scanOnPush],
            ['keep-images', keepImages],
        ]) {
            if (value !== undefined) {
                throw new errors/* ConfigurationError */.j1('is a repository setting, applied only with create-repository: true', name);
            }
        }
    }
    return settings;
}
function readBuildOptions(inputs, env) {
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const context = external_node_path_default().resolve(workspace, inputs.string('context', '.'));
    if (!(0,external_node_fs_.existsSync)(context) || !(0,external_node_fs_.statSync)(context).isDirectory()) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(context)} is not a directory`, 'context');
    }
    const dockerfileInput = inputs.optional('dockerfile');
    const dockerfile = dockerfileInput === undefined
        ? external_node_path_default().join(context, 'Dockerfile')
        : external_node_path_default().resolve(workspace, dockerfileInput);
    if (!(0,external_node_fs_.existsSync)(dockerfile) || !(0,external_node_fs_.statSync)(dockerfile).isFile()) {
        throw new errors/* ConfigurationError */.j1(`no Dockerfile at ${(0,core_inputs/* quote */.hD)(dockerfile)}; set dockerfile (relative to the workspace) or context`, 'dockerfile');
    }
    const platforms = inputs.list('platforms');
    for (const platform of platforms)
        checkPlatform(platform);
    const buildArgs = inputs.keyValues('build-args');
    for (const key of buildArgs.keys()) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(key)} is not a valid build argument name`, 'build-args');
        }
    }
    const secrets = inputs.keyValues('build-secrets', { secret: true });
    for (const id of secrets.keys()) {
        if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(id)} is not a valid secret id (letters, digits, . _ -)`, 'build-secrets');
        }
    }
    // One spec per line: the specs themselves contain commas (type=gha,mode=max).
    const cacheFrom = lines(inputs.optional('cache-from'));
    const cacheTo = lines(inputs.optional('cache-to'));
    for (const [name, list] of [
        ['cache-from', cacheFrom],
        ['cache-to', cacheTo],
    ]) {
        for (const entry of list) {
            if (!CACHE.test(entry)) {
                throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(entry)} is not a cache spec such as type=gha,mode=max`, name);
            }
        }
    }
    const target = inputs.matching('target', /^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a build stage name');
    return {
        context,
        dockerfile,
        buildArgs,
        secrets,
        ...(target === undefined ? {} : { target }),
        platforms,
        cacheFrom,
        cacheTo,
        provenance: inputs.boolean('provenance', false),
        sbom: inputs.boolean('sbom', false),
    };
}
function checkTag(tag, input) {
    if (!TAG_PATTERN.test(tag)) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(tag)} is not a valid image tag (up to 128 letters, digits, _ . -; not starting with . or -)`, input);
    }
}
function checkPlatform(platform) {
    const [os, arch, variant, extra] = platform.split('/');
    if (os === undefined ||
        arch === undefined ||
        extra !== undefined ||
        !OS.has(os) ||
        !ARCH.has(arch) ||
        (variant !== undefined && !VARIANT.test(variant))) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(platform)} is not a platform such as linux/amd64 or linux/arm64 (os/arch[/variant], one per line or comma separated)`, 'platforms');
    }
}
function lines(value) {
    return (value ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}
function unique(values) {
    return [...new Set(values)];
}


/***/ }),

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


/***/ })

};

//# sourceMappingURL=488.index.js.map