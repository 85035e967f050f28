export const id = 974;
export const ids = [974];
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

/***/ 974:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseCommand: () => (/* binding */ parseCommand),
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
;// CONCATENATED MODULE: ./src/ecs/task-definition.ts


/** Fields ECS adds on registration; they are not part of what a user registers. */
const READ_ONLY = [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
    'deleteRequestedAt',
];
/**
 * Parses a task definition file (the JSON `aws ecs describe-task-definition` prints, with or
 * without its `taskDefinition` wrapper, or a register input). Malformed content is a
 * ConfigurationError naming the input.
 */
function parseTaskDefinitionFile(text, input, file) {
    let document;
    try {
        document = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(file)} is not valid JSON (${error.message}); export one with ` +
            '`aws ecs describe-task-definition --task-definition FAMILY --query taskDefinition`', input);
    }
    if (isObject(document) && isObject(document.taskDefinition))
        document = document.taskDefinition;
    if (!isObject(document)) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(file)} must hold a JSON object (a task definition)`, input);
    }
    if (typeof document.family !== 'string' || document.family === '') {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(file)} has no "family"; a task definition needs one`, input);
    }
    const containers = document.containerDefinitions;
    if (!Array.isArray(containers) || containers.length === 0) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(file)} has no "containerDefinitions" list`, input);
    }
    for (const [index, container] of containers.entries()) {
        if (!isObject(container) || typeof container.name !== 'string' || container.name === '') {
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(file)}: containerDefinitions[${index}] has no "name"`, input);
        }
    }
    return toRegisterInput(document);
}
/** A described task definition as a register input (read-only fields removed). */
function toRegisterInput(definition) {
    const copy = { ...definition };
    for (const field of READ_ONLY)
        delete copy[field];
    return copy;
}
function containerNames(definition) {
    return (definition.containerDefinitions ?? []).map((c) => c.name ?? '');
}
/**
 * Replaces the image of each named container. An unknown container name is a ConfigurationError
 * (naming `input` and the containers that exist), raised before anything is called.
 */
function replaceImages(definition, images, input) {
    const names = containerNames(definition);
    for (const name of images.keys()) {
        if (!names.includes(name)) {
            throw new ConfigurationError(`container ${quote(name)} is not in task definition ${quote(definition.family ?? '')}; its containers are ${names.map((n) => quote(n)).join(', ')}`, input);
        }
    }
    const changes = [];
    const containerDefinitions = (definition.containerDefinitions ?? []).map((c) => {
        const image = images.get(c.name ?? '');
        if (image === undefined)
            return c;
        changes.push({ container: c.name ?? '', previous: c.image ?? '', image });
        return { ...c, image };
    });
    return { definition: { ...definition, containerDefinitions }, changes };
}
/**
 * A canonical form for comparing task definitions: read-only fields and the defaults ECS fills
 * in dropped, name/value lists sorted, keys sorted. Equal forms register the same thing.
 */
function normalise(definition) {
    const copy = toRegisterInput(definition);
    delete copy.tags;
    return JSON.stringify(canonical(copy));
}
const DEFAULTS = { essential: true, cpu: 0 };
const SORTED_LISTS = new Set(['environment', 'secrets']);
function canonical(value, key) {
    if (Array.isArray(value)) {
        const items = value.map((v) => canonical(v));
        if (key !== undefined && SORTED_LISTS.has(key)) {
            items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        }
        return items;
    }
    if (!isObject(value))
        return value;
    const result = {};
    for (const name of Object.keys(value).sort()) {
        const item = value[name];
        if (item === undefined || item === null)
            continue;
        if (Array.isArray(item) && item.length === 0)
            continue;
        if (isObject(item) && Object.keys(item).length === 0)
            continue;
        if (DEFAULTS[name] !== undefined && DEFAULTS[name] === item)
            continue;
        result[name] = canonical(item, name);
    }
    return result;
}
/** `family:revision` from a task definition ARN, for people. */
function shortTaskDefinition(arn) {
    if (arn === undefined)
        return '(none)';
    const index = arn.indexOf('task-definition/');
    return index === -1 ? arn : arn.slice(index + 'task-definition/'.length);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/deploy-ecs/inputs.ts






const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const IMAGE = /^[a-z0-9][a-z0-9._-]*(:\d+)?(\/[a-z0-9._-]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Reads and checks every input once; mistakes are ConfigurationErrors naming the input. */
function readInputs(inputs = new core_inputs/* InputReader */.i_(), workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()) {
    const aws = (0,aws_clients/* readAwsSettings */.p3)(inputs, 'deploy-ecs');
    const mode = inputs.oneOf('mode', ['express', 'service', 'task'], 'express');
    const cluster = inputs.matching('cluster', NAME_OR_ARN, 'a cluster name or ARN') ?? 'default';
    const wait = {
        timeoutMs: inputs.duration('timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
        pollIntervalMs: inputs.duration('poll-interval', '5s', { min: 10, max: 120_000 }),
    };
    const common = { aws, cluster, wait };
    if (mode === 'express')
        return { ...common, ...readExpress(inputs) };
    if (mode === 'service')
        return { ...common, ...readService(inputs, workspace) };
    return { ...common, ...readTask(inputs, workspace) };
}
const NAME_OR_ARN = /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/;
function readExpress(inputs) {
    const service = requiredName(inputs, 'service');
    const image = requiredImage(inputs, 'image');
    const executionRoleArn = role(inputs, 'execution-role-arn', true);
    const infrastructureRoleArn = role(inputs, 'infrastructure-role-arn', true);
    const taskRoleArn = role(inputs, 'task-role-arn', false);
    const port = inputs.integer('port', undefined, { min: 1, max: 65535 });
    const healthCheckPath = inputs.matching('health-check-path', /^\/\S*$/, 'a path starting with / (such as /health)');
    const cpu = inputs.oneOf('cpu', Object.keys(FARGATE_MEMORY), undefined);
    const memory = inputs.matching('memory', /^\d+$/, 'memory in MiB (such as 512 or 2048)');
    if (memory !== undefined) {
        const allowed = FARGATE_MEMORY[cpu ?? '256'] ?? [];
        if (!allowed.includes(Number(memory))) {
            throw new errors/* ConfigurationError */.j1(`${memory} MiB is not a Fargate size for ${cpu ?? '256'} CPU units; use one of ${allowed.join(', ')}`, 'memory');
        }
    }
    const minTaskCount = inputs.integer('min-tasks', undefined, { min: 1, max: 1000 });
    const maxTaskCount = inputs.integer('max-tasks', undefined, { min: 1, max: 1000 });
    if (minTaskCount !== undefined && maxTaskCount !== undefined && minTaskCount > maxTaskCount) {
        throw new errors/* ConfigurationError */.j1(`must be at least min-tasks (${minTaskCount})`, 'max-tasks');
    }
    const metric = inputs.oneOf('scaling-metric', ['cpu', 'memory', 'requests'], undefined);
    const target = inputs.number('scaling-target', undefined, { min: 1, max: 100_000 });
    const scaling = {
        ...(minTaskCount === undefined ? {} : { minTaskCount }),
        ...(maxTaskCount === undefined ? {} : { maxTaskCount }),
        ...(metric === undefined ? {} : { metric: SCALING_METRICS[metric] }),
        ...(target === undefined ? {} : { target }),
    };
    return {
        mode: 'express',
        service,
        image,
        executionRoleArn,
        infrastructureRoleArn,
        ...(taskRoleArn === undefined ? {} : { taskRoleArn }),
        ...(port === undefined ? {} : { port }),
        ...(healthCheckPath === undefined ? {} : { healthCheckPath }),
        ...(cpu === undefined ? {} : { cpu }),
        ...(memory === undefined ? {} : { memory }),
        environment: inputs.keyValues('environment'),
        secrets: readSecrets(inputs),
        ...(Object.keys(scaling).length === 0 ? {} : { scaling }),
        subnets: ids(inputs, 'subnets', 'subnet-'),
        securityGroups: ids(inputs, 'security-groups', 'sg-'),
    };
}
function readService(inputs, workspace) {
    const service = requiredName(inputs, 'service');
    const file = readTaskDefinitionFile(inputs, workspace, false);
    const images = readImages(inputs);
    if (images.size === 0 && file === undefined) {
        throw new errors/* ConfigurationError */.j1('nothing to deploy: set image (with container) or images (container=image lines), or a task-definition file', 'image');
    }
    if (file !== undefined)
        checkContainers(file.definition, images);
    return {
        mode: 'service',
        service,
        images,
        ...(file === undefined ? {} : { taskDefinitionFile: file }),
    };
}
function readTask(inputs, workspace) {
    const service = inputs.matching('service', NAME, 'a service name');
    const file = readTaskDefinitionFile(inputs, workspace, true);
    const ref = file === undefined ? inputs.optional('task-definition') : undefined;
    if (file === undefined && ref === undefined && service === undefined) {
        throw new errors/* ConfigurationError */.j1('a one-off task needs a task definition (file, family or ARN) or a service to take it from', 'task-definition');
    }
    const container = requiredName(inputs, 'container');
    if (file !== undefined)
        checkContainers(file.definition, new Map([[container, '']]), 'container');
    const image = inputs.optional('image') === undefined ? undefined : requiredImage(inputs, 'image');
    const command = readCommand(inputs);
    const subnets = ids(inputs, 'subnets', 'subnet-');
    const securityGroups = ids(inputs, 'security-groups', 'sg-');
    if (service === undefined && subnets.length === 0) {
        throw new errors/* ConfigurationError */.j1('a one-off task needs subnets (and security-groups), or a service to copy its network configuration from', 'subnets');
    }
    const assignPublicIp = inputs.oneOf('assign-public-ip', ['ENABLED', 'DISABLED'], undefined);
    const launchType = inputs.oneOf('launch-type', ['FARGATE', 'EC2', 'EXTERNAL'], undefined);
    const capacityProvider = inputs.matching('capacity-provider', NAME, 'a capacity provider name such as FARGATE_SPOT');
    if (launchType !== undefined && capacityProvider !== undefined) {
        throw new errors/* ConfigurationError */.j1('set launch-type or capacity-provider, not both', 'capacity-provider');
    }
    return {
        mode: 'task',
        ...(service === undefined ? {} : { service }),
        ...(file === undefined ? {} : { taskDefinitionFile: file }),
        ...(ref === undefined ? {} : { taskDefinitionRef: ref }),
        container,
        ...(image === undefined ? {} : { image }),
        ...(command === undefined ? {} : { command }),
        env: inputs.keyValues('environment'),
        subnets,
        securityGroups,
        ...(assignPublicIp === undefined ? {} : { assignPublicIp }),
        ...(launchType === undefined ? {} : { launchType }),
        ...(capacityProvider === undefined ? {} : { capacityProvider }),
    };
}
/** `image` (+ `container`) and/or `images` lines of `container=image`. */
function readImages(inputs) {
    const images = new Map();
    for (const [container, image] of inputs.keyValues('images')) {
        if (!NAME.test(container))
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(container)} is not a container name`, 'images');
        if (!IMAGE.test(image))
            throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(image)} is not an image reference`, 'images');
        images.set(container, image);
    }
    const image = inputs.optional('image') === undefined ? undefined : requiredImage(inputs, 'image');
    const container = inputs.matching('container', NAME, 'a container name');
    if (image !== undefined) {
        if (container === undefined) {
            throw new errors/* ConfigurationError */.j1('is required with image: name the container whose image to replace', 'container');
        }
        if (images.has(container)) {
            throw new errors/* ConfigurationError */.j1(`container ${(0,core_inputs/* quote */.hD)(container)} is given in both image and images`, 'images');
        }
        images.set(container, image);
    }
    else if (container !== undefined) {
        throw new errors/* ConfigurationError */.j1('was set without image', 'container');
    }
    return images;
}
function checkContainers(definition, images, input = 'images') {
    const names = (definition.containerDefinitions ?? []).map((c) => c.name ?? '');
    for (const name of images.keys()) {
        if (!names.includes(name)) {
            throw new errors/* ConfigurationError */.j1(`container ${(0,core_inputs/* quote */.hD)(name)} is not in the task definition file (containers: ${names.map((n) => (0,core_inputs/* quote */.hD)(n)).join(', ')})`, input === 'images' && images.size === 1 ? 'container' : input);
        }
    }
}
function readTaskDefinitionFile(inputs, workspace, allowReference) {
    const value = inputs.optional('task-definition');
    if (value === undefined)
        return undefined;
    const file = external_node_path_default().resolve(workspace, value);
    if (!(0,external_node_fs_.existsSync)(file)) {
        if (allowReference &&
            /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]+(:\d+)?$/.test(value)) {
            return undefined;
        }
        throw new errors/* ConfigurationError */.j1(`file ${(0,core_inputs/* quote */.hD)(value)} does not exist (relative to the workspace)`, 'task-definition');
    }
    return {
        path: value,
        definition: parseTaskDefinitionFile((0,external_node_fs_.readFileSync)(file, 'utf8'), 'task-definition', value),
    };
}
/** A JSON array of strings, or words split on whitespace with '...' and "..." quoting. */
function parseCommand(text, input = 'command') {
    if (text.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            throw new errors/* ConfigurationError */.j1('starts with [ but is not a JSON array of strings', input);
        }
        if (!Array.isArray(parsed) ||
            parsed.length === 0 ||
            !parsed.every((p) => typeof p === 'string')) {
            throw new errors/* ConfigurationError */.j1('must be a non-empty JSON array of strings', input);
        }
        return parsed;
    }
    const words = [];
    let current = '';
    let quoteChar;
    let inWord = false;
    for (const char of text) {
        if (quoteChar !== undefined) {
            if (char === quoteChar)
                quoteChar = undefined;
            else
                current += char;
        }
        else if (char === '"' || char === "'") {
            quoteChar = char;
            inWord = true;
        }
        else if (/\s/.test(char)) {
            if (inWord)
                words.push(current);
            current = '';
            inWord = false;
        }
        else {
            current += char;
            inWord = true;
        }
    }
    if (quoteChar !== undefined)
        throw new errors/* ConfigurationError */.j1(`has an unclosed ${quoteChar} quote`, input);
    if (inWord)
        words.push(current);
    return words;
}
function readCommand(inputs) {
    const text = inputs.optional('command');
    return text === undefined ? undefined : parseCommand(text);
}
function readSecrets(inputs) {
    const secrets = inputs.keyValues('secrets');
    for (const [name, arn] of secrets) {
        try {
            (0,core_inputs/* assertArn */.Q4)('secrets', arn, ['secretsmanager', 'ssm']);
        }
        catch {
            throw new errors/* ConfigurationError */.j1(`${name} must reference a Secrets Manager secret or SSM parameter ARN (the value is read by ECS at start-up), got ${(0,core_inputs/* quote */.hD)(arn)}`, 'secrets');
        }
    }
    return secrets;
}
function role(inputs, name, required) {
    const value = required ? inputs.required(name) : inputs.optional(name);
    if (value !== undefined && !ROLE.test(value)) {
        throw new errors/* ConfigurationError */.j1(`expected an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got ${(0,core_inputs/* quote */.hD)(value)}`, name);
    }
    return value;
}
function requiredName(inputs, name) {
    const value = inputs.required(name);
    if (!NAME.test(value)) {
        throw new errors/* ConfigurationError */.j1(`expected up to 255 letters, digits, - and _, got ${(0,core_inputs/* quote */.hD)(value)}`, name);
    }
    return value;
}
function requiredImage(inputs, name) {
    const value = inputs.required(name);
    if (!IMAGE.test(value)) {
        throw new errors/* ConfigurationError */.j1(`expected an image reference such as REGISTRY/REPO@sha256:DIGEST, got ${(0,core_inputs/* quote */.hD)(value)}`, name);
    }
    return value;
}
function ids(inputs, name, prefix) {
    const values = inputs.list(name);
    for (const value of values) {
        if (!value.startsWith(prefix))
            throw new errors/* ConfigurationError */.j1(`expected ${prefix}... IDs, got ${(0,core_inputs/* quote */.hD)(value)}`, name);
    }
    return values;
}
const SCALING_METRICS = {
    cpu: 'AVERAGE_CPU',
    memory: 'AVERAGE_MEMORY',
    requests: 'REQUEST_COUNT_PER_TARGET',
};
const range = (from, to, step) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
/** Fargate task sizes: CPU units -> allowed memory (MiB). */
const FARGATE_MEMORY = {
    '256': [512, 1024, 2048],
    '512': range(1024, 4096, 1024),
    '1024': range(2048, 8192, 1024),
    '2048': range(4096, 16384, 1024),
    '4096': range(8192, 30720, 1024),
    '8192': range(16384, 61440, 4096),
    '16384': range(32768, 122880, 8192),
};


/***/ })

};

//# sourceMappingURL=974.index.js.map