export const id = 206;
export const ids = [206];
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

/***/ 5206:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseCommand: () => (/* binding */ parseCommand),
/* harmony export */   readInputs: () => (/* binding */ readInputs)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_aws_clients__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8675);
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _core_inputs__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9114);
/* harmony import */ var _ecs_task_definition__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7652);






const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const IMAGE = /^[a-z0-9][a-z0-9._-]*(:\d+)?(\/[a-z0-9._-]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Reads and checks every input once; mistakes are ConfigurationErrors naming the input. */
function readInputs(inputs = new _core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .InputReader */ .i_(), workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()) {
    const aws = (0,_core_aws_clients__WEBPACK_IMPORTED_MODULE_2__/* .readAwsSettings */ .p3)(inputs, 'deploy-ecs');
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
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${memory} MiB is not a Fargate size for ${cpu ?? '256'} CPU units; use one of ${allowed.join(', ')}`, 'memory');
        }
    }
    const minTaskCount = inputs.integer('min-tasks', undefined, { min: 1, max: 1000 });
    const maxTaskCount = inputs.integer('max-tasks', undefined, { min: 1, max: 1000 });
    if (minTaskCount !== undefined && maxTaskCount !== undefined && minTaskCount > maxTaskCount) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`must be at least min-tasks (${minTaskCount})`, 'max-tasks');
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
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('nothing to deploy: set image (with container) or images (container=image lines), or a task-definition file', 'image');
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
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('a one-off task needs a task definition (file, family or ARN) or a service to take it from', 'task-definition');
    }
    const container = requiredName(inputs, 'container');
    if (file !== undefined)
        checkContainers(file.definition, new Map([[container, '']]), 'container');
    const image = inputs.optional('image') === undefined ? undefined : requiredImage(inputs, 'image');
    const command = readCommand(inputs);
    const subnets = ids(inputs, 'subnets', 'subnet-');
    const securityGroups = ids(inputs, 'security-groups', 'sg-');
    if (service === undefined && subnets.length === 0) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('a one-off task needs subnets (and security-groups), or a service to copy its network configuration from', 'subnets');
    }
    const assignPublicIp = inputs.oneOf('assign-public-ip', ['ENABLED', 'DISABLED'], undefined);
    const launchType = inputs.oneOf('launch-type', ['FARGATE', 'EC2', 'EXTERNAL'], undefined);
    const capacityProvider = inputs.matching('capacity-provider', NAME, 'a capacity provider name such as FARGATE_SPOT');
    if (launchType !== undefined && capacityProvider !== undefined) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('set launch-type or capacity-provider, not both', 'capacity-provider');
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
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(container)} is not a container name`, 'images');
        if (!IMAGE.test(image))
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(image)} is not an image reference`, 'images');
        images.set(container, image);
    }
    const image = inputs.optional('image') === undefined ? undefined : requiredImage(inputs, 'image');
    const container = inputs.matching('container', NAME, 'a container name');
    if (image !== undefined) {
        if (container === undefined) {
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('is required with image: name the container whose image to replace', 'container');
        }
        if (images.has(container)) {
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`container ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(container)} is given in both image and images`, 'images');
        }
        images.set(container, image);
    }
    else if (container !== undefined) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('was set without image', 'container');
    }
    return images;
}
function checkContainers(definition, images, input = 'images') {
    const names = (definition.containerDefinitions ?? []).map((c) => c.name ?? '');
    for (const name of images.keys()) {
        if (!names.includes(name)) {
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`container ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(name)} is not in the task definition file (containers: ${names.map((n) => (0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(n)).join(', ')})`, input === 'images' && images.size === 1 ? 'container' : input);
        }
    }
}
function readTaskDefinitionFile(inputs, workspace, allowReference) {
    const value = inputs.optional('task-definition');
    if (value === undefined)
        return undefined;
    const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(workspace, value);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file)) {
        if (allowReference &&
            /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]+(:\d+)?$/.test(value)) {
            return undefined;
        }
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`file ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(value)} does not exist (relative to the workspace)`, 'task-definition');
    }
    return {
        path: value,
        definition: (0,_ecs_task_definition__WEBPACK_IMPORTED_MODULE_5__/* .parseTaskDefinitionFile */ .Oz)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'), 'task-definition', value),
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
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('starts with [ but is not a JSON array of strings', input);
        }
        if (!Array.isArray(parsed) ||
            parsed.length === 0 ||
            !parsed.every((p) => typeof p === 'string')) {
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('must be a non-empty JSON array of strings', input);
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
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`has an unclosed ${quoteChar} quote`, input);
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
            (0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .assertArn */ .Q4)('secrets', arn, ['secretsmanager', 'ssm']);
        }
        catch {
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${name} must reference a Secrets Manager secret or SSM parameter ARN (the value is read by ECS at start-up), got ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(arn)}`, 'secrets');
        }
    }
    return secrets;
}
function role(inputs, name, required) {
    const value = required ? inputs.required(name) : inputs.optional(name);
    if (value !== undefined && !ROLE.test(value)) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`expected an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(value)}`, name);
    }
    return value;
}
function requiredName(inputs, name) {
    const value = inputs.required(name);
    if (!NAME.test(value)) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`expected up to 255 letters, digits, - and _, got ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(value)}`, name);
    }
    return value;
}
function requiredImage(inputs, name) {
    const value = inputs.required(name);
    if (!IMAGE.test(value)) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`expected an image reference such as REGISTRY/REPO@sha256:DIGEST, got ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(value)}`, name);
    }
    return value;
}
function ids(inputs, name, prefix) {
    const values = inputs.list(name);
    for (const value of values) {
        if (!value.startsWith(prefix))
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`expected ${prefix}... IDs, got ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(value)}`, name);
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


/***/ }),

/***/ 7652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oz: () => (/* binding */ parseTaskDefinitionFile),
/* harmony export */   P5: () => (/* binding */ shortTaskDefinition),
/* harmony export */   Rv: () => (/* binding */ toRegisterInput),
/* harmony export */   j7: () => (/* binding */ normalise),
/* harmony export */   lm: () => (/* binding */ replaceImages)
/* harmony export */ });
/* unused harmony export containerNames */
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_inputs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9114);


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
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(file)} is not valid JSON (${error.message}); export one with ` +
            '`aws ecs describe-task-definition --task-definition FAMILY --query taskDefinition`', input);
    }
    if (isObject(document) && isObject(document.taskDefinition))
        document = document.taskDefinition;
    if (!isObject(document)) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(file)} must hold a JSON object (a task definition)`, input);
    }
    if (typeof document.family !== 'string' || document.family === '') {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(file)} has no "family"; a task definition needs one`, input);
    }
    const containers = document.containerDefinitions;
    if (!Array.isArray(containers) || containers.length === 0) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(file)} has no "containerDefinitions" list`, input);
    }
    for (const [index, container] of containers.entries()) {
        if (!isObject(container) || typeof container.name !== 'string' || container.name === '') {
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(file)}: containerDefinitions[${index}] has no "name"`, input);
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
            throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`container ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(name)} is not in task definition ${(0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(definition.family ?? '')}; its containers are ${names.map((n) => (0,_core_inputs__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(n)).join(', ')}`, input);
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


/***/ })

};

//# sourceMappingURL=206.index.js.map