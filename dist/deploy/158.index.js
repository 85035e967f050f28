export const id = 158;
export const ids = [158];
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

/***/ 158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readInputs: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(675);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(114);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(239);
;// CONCATENATED MODULE: ./src/apprunner/instance-size.ts


/**
 * The CPU / memory combinations App Runner accepts, in CPU units and memory MB (the form
 * DescribeService reports): 0.25 vCPU with 0.5 or 1 GB; 0.5 vCPU with 1 GB; 1 vCPU with 2, 3 or
 * 4 GB; 2 vCPU with 4 or 6 GB; 4 vCPU with 8, 10 or 12 GB.
 */
const VALID_SIZES = {
    256: [512, 1024],
    512: [1024],
    1024: [2048, 3072, 4096],
    2048: [4096, 6144],
    4096: [8192, 10240, 12288],
};
/** App Runner's defaults when a service is created without an instance configuration. */
const DEFAULT_CPU = 1024;
const DEFAULT_MEMORY = 2048;
/** CPU as units: "1024", "1", "1 vCPU", "0.25vcpu" -> 1024 / 1024 / 1024 / 256. */
function parseCpu(input, value) {
    const text = value.trim();
    const vcpu = /^(\d+(?:\.\d+)?)\s*(?:vcpu)?$/i.exec(text);
    if (vcpu !== null) {
        const n = Number(vcpu[1]);
        // Small numbers are vCPUs (0.25 .. 4), large ones CPU units (256 .. 4096).
        const units = n <= 4 && !/^\d{3,}$/.test(text) ? Math.round(n * 1024) : n;
        if (VALID_SIZES[units] !== undefined)
            return units;
    }
    throw new errors/* ConfigurationError */.j1(`expected one of 0.25, 0.5, 1, 2 or 4 vCPU (or 256, 512, 1024, 2048, 4096 CPU units), got ${(0,core_inputs/* quote */.hD)(value)}`, input);
}
/** Memory as MB: "2048", "2 GB", "2GB", "0.5 GB" -> 2048 / 2048 / 2048 / 512. */
function parseMemory(input, value) {
    const text = value.trim();
    const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
    const mb = /^(\d+)(?:\s*mb)?$/i.exec(text);
    const megabytes = gb !== null ? Math.round(Number(gb[1]) * 1024) : mb !== null ? Number(mb[1]) : NaN; // prettier-ignore
    const known = new Set(Object.values(VALID_SIZES).flat());
    if (known.has(megabytes))
        return megabytes;
    throw new errors/* ConfigurationError */.j1(`expected one of 0.5, 1, 2, 3, 4, 6, 8, 10 or 12 GB (or the same in MB: 512 ... 12288), got ${(0,core_inputs/* quote */.hD)(value)}`, input);
}
function instance_size_formatCpu(units) {
    return `${units / 1024} vCPU`;
}
function instance_size_formatMemory(mb) {
    return `${mb / 1024} GB`;
}
/** Throws a ConfigurationError naming both inputs when App Runner would refuse the pair. */
function instance_size_checkSizePair(cpu, memory, origin) {
    const allowed = VALID_SIZES[cpu] ?? [];
    if (!allowed.includes(memory)) {
        throw new errors/* ConfigurationError */.j1(`App Runner does not offer ${instance_size_formatCpu(cpu)} with ${instance_size_formatMemory(memory)}${origin === '' ? '' : ` ${origin}`}; ` +
            `with ${instance_size_formatCpu(cpu)} set memory to ${allowed.map(instance_size_formatMemory).join(' or ')}`, 'memory');
    }
}
/** Reads the units/MB App Runner reports ("1024", or "1 vCPU" / "2 GB" in older responses). */
function instance_size_reportedCpu(value) {
    if (value === undefined)
        return DEFAULT_CPU;
    try {
        return parseCpu('cpu', value);
    }
    catch {
        return DEFAULT_CPU;
    }
}
function instance_size_reportedMemory(value) {
    if (value === undefined)
        return DEFAULT_MEMORY;
    try {
        return parseMemory('memory', value);
    }
    catch {
        return DEFAULT_MEMORY;
    }
}

;// CONCATENATED MODULE: ./src/apprunner/plan.ts


/** The auto scaling values App Runner applies when a service has no configuration of its own. */
const DEFAULT_AUTO_SCALING = {
    MinSize: 1,
    MaxSize: 25,
    MaxConcurrency: 100,
};
/** App Runner's health check defaults (HealthCheckConfiguration documentation). */
const DEFAULT_HEALTH = {
    Protocol: 'TCP',
    Path: '/',
    Interval: 5,
    Timeout: 2,
    HealthyThreshold: 1,
    UnhealthyThreshold: 5,
};
/** Names whose values are redacted in diffs (and masked when read). */
function looksSensitive(name) {
    return /secret|passw|token|api_?key|private|credential|auth/i.test(name);
}
const show = (value) => value === undefined || value === '' ? undefined : String(value);
/** Compares the running service (undefined when it does not exist yet) with the spec. */
function planService(current, currentScaling, spec, currentTags = {}) {
    const changes = [];
    const add = (setting, before, after) => {
        const b = show(before);
        const a = show(after);
        if (b === a)
            return false;
        changes.push({ setting, before: b, after: a });
        return true;
    };
    const source = planSource(current?.SourceConfiguration, spec, add);
    const plan = {
        changes,
        tagChanges: [],
        sourceConfiguration: source.value,
        sourceChanged: source.changed,
    };
    const instance = current?.InstanceConfiguration;
    const cpu = spec.cpu ?? reportedCpu(instance?.Cpu);
    const memory = spec.memory ?? reportedMemory(instance?.Memory);
    if (spec.cpu !== undefined || spec.memory !== undefined) {
        const origin = spec.cpu !== undefined && spec.memory !== undefined
            ? ''
            : spec.cpu === undefined
                ? '(cpu kept from the service)'
                : '(memory kept from the service)';
        checkSizePair(cpu, memory, origin);
    }
    const role = spec.instanceRoleArn ?? instance?.InstanceRoleArn;
    const instanceChanged = [
        add('cpu', formatCpu(reportedCpu(instance?.Cpu)), formatCpu(cpu)),
        add('memory', formatMemory(reportedMemory(instance?.Memory)), formatMemory(memory)),
        add('instance role', instance?.InstanceRoleArn, role),
    ].some(Boolean);
    if (instanceChanged) {
        plan.instanceConfiguration = {
            Cpu: String(cpu),
            Memory: String(memory),
            ...(role === undefined ? {} : { InstanceRoleArn: role }),
        };
    }
    const health = { ...DEFAULT_HEALTH, ...definedOnly(current?.HealthCheckConfiguration ?? {}) };
    const wanted = { ...health, ...definedOnly(spec.healthCheck) };
    const healthChanged = Object.keys(DEFAULT_HEALTH)
        .map((field) => add(`health check ${field}`, health[field], wanted[field]))
        .some(Boolean);
    if (healthChanged)
        plan.healthCheckConfiguration = wanted;
    const network = planNetwork(current?.NetworkConfiguration, spec, add);
    if (network !== undefined)
        plan.networkConfiguration = network;
    const observability = planObservability(current?.ObservabilityConfiguration, spec, add);
    if (observability !== undefined)
        plan.observabilityConfiguration = observability;
    if (Object.values(spec.autoScaling).some((v) => v !== undefined)) {
        const before = currentScaling ?? DEFAULT_AUTO_SCALING;
        const after = { ...before, ...definedOnly(spec.autoScaling) };
        if (after.MinSize > after.MaxSize) {
            throw new ConfigurationError(`min-instances (${after.MinSize}) is above max-instances (${after.MaxSize})`, 'min-instances');
        }
        const scalingChanged = [
            add('min instances', before.MinSize, after.MinSize),
            add('max instances', before.MaxSize, after.MaxSize),
            add('max concurrency', before.MaxConcurrency, after.MaxConcurrency),
        ].some(Boolean);
        if (scalingChanged)
            plan.autoScaling = after;
    }
    for (const [key, value] of Object.entries(spec.tags)) {
        if (currentTags[key] !== value) {
            plan.tagChanges.push({ setting: `tag ${key}`, before: currentTags[key], after: value });
        }
    }
    return plan;
}
function planSource(current, spec, add) {
    const repo = current?.ImageRepository;
    const config = repo?.ImageConfiguration ?? {};
    const port = spec.port ?? config.Port;
    const startCommand = spec.startCommand ?? config.StartCommand;
    const env = spec.environment ?? config.RuntimeEnvironmentVariables ?? {};
    const secrets = spec.secrets ?? config.RuntimeEnvironmentSecrets ?? {};
    const role = spec.accessRoleArn ?? current?.AuthenticationConfiguration?.AccessRoleArn;
    const changed = [
        add('image', repo?.ImageIdentifier, spec.image),
        add('image repository type', repo?.ImageRepositoryType, spec.repositoryType),
        add('ECR access role', current?.AuthenticationConfiguration?.AccessRoleArn, role),
        // App Runner's default port is 8080: an unset port and 8080 are the same.
        add('port', config.Port ?? (repo === undefined ? undefined : '8080'), port ?? (repo === undefined ? undefined : '8080')), // prettier-ignore
        add('start command', config.StartCommand, startCommand),
        ...keyedChanges('env', config.RuntimeEnvironmentVariables ?? {}, env, add, looksSensitive),
        ...keyedChanges('secret', config.RuntimeEnvironmentSecrets ?? {}, secrets, add, () => false),
    ].some(Boolean);
    const imageConfiguration = {
        ...(port === undefined ? {} : { Port: port }),
        ...(startCommand === undefined ? {} : { StartCommand: startCommand }),
        ...(Object.keys(env).length === 0 ? {} : { RuntimeEnvironmentVariables: env }),
        ...(Object.keys(secrets).length === 0 ? {} : { RuntimeEnvironmentSecrets: secrets }),
    };
    const value = {
        ImageRepository: {
            ImageIdentifier: spec.image,
            ImageRepositoryType: spec.repositoryType,
            ImageConfiguration: imageConfiguration,
        },
        ...(current?.AutoDeploymentsEnabled === undefined
            ? {}
            : { AutoDeploymentsEnabled: current.AutoDeploymentsEnabled }),
        ...(role === undefined ? {} : { AuthenticationConfiguration: { AccessRoleArn: role } }),
    };
    return { value, changed };
}
function keyedChanges(kind, before, after, add, redact) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.map((key) => {
        const b = before[key];
        const a = after[key];
        if (redact(key) && b !== undefined && a !== undefined) {
            return add(`${kind} ${key}`, b === a ? '***' : '*** (old)', '***');
        }
        return add(`${kind} ${key}`, b === undefined ? undefined : redact(key) ? '***' : b, a === undefined ? undefined : redact(key) ? '***' : a);
    });
}
function planNetwork(current, spec, add) {
    if (spec.egress === undefined)
        return undefined;
    const egress = current?.EgressConfiguration;
    const type = spec.egress.type;
    const connector = type === 'DEFAULT'
        ? undefined
        : (spec.egress.vpcConnectorArn ??
            (egress?.EgressType === 'VPC' ? egress.VpcConnectorArn : undefined));
    if (type === 'VPC' && connector === undefined) {
        throw new ConfigurationError('egress VPC needs a VPC connector: set vpc-connector-arn', 'vpc-connector-arn');
    }
    const changed = [
        add('egress', egress?.EgressType ?? 'DEFAULT', type),
        add('VPC connector', egress?.VpcConnectorArn, connector),
    ].some(Boolean);
    if (!changed)
        return undefined;
    return {
        ...current,
        EgressConfiguration: {
            EgressType: type,
            ...(connector === undefined ? {} : { VpcConnectorArn: connector }),
        },
    };
}
function planObservability(current, spec, add) {
    if (spec.observability === undefined)
        return undefined;
    const enabled = spec.observability.enabled;
    const arn = enabled
        ? (spec.observability.configurationArn ?? current?.ObservabilityConfigurationArn)
        : undefined;
    if (enabled && arn === undefined) {
        throw new ConfigurationError('observability needs a configuration: set observability-configuration-arn', 'observability-configuration-arn');
    }
    const changed = [
        add('observability', current?.ObservabilityEnabled === true ? 'on' : 'off', enabled ? 'on' : 'off'), // prettier-ignore
        add('observability configuration', current?.ObservabilityConfigurationArn, arn),
    ].some(Boolean);
    if (!changed)
        return undefined;
    return { ObservabilityEnabled: enabled, ...(arn === undefined ? {} : { ObservabilityConfigurationArn: arn }) }; // prettier-ignore
}
function definedOnly(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

;// CONCATENATED MODULE: ./src/deploy-apprunner/inputs.ts






const ACTION = 'deploy-apprunner';
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
const IMAGE = /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}@sha256:[a-f0-9]{64})?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:\s]*(:[^:\s]*(:[^:\s]*)?)?)?$/;
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/;
/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
function readInputs(inputs = new core_inputs/* InputReader */.i_()) {
    const aws = (0,aws_clients/* readAwsSettings */.p3)(inputs, ACTION);
    const service = inputs.required('service');
    if (service.startsWith('arn:')) {
        (0,core_inputs/* assertArn */.Q4)('service', service, 'apprunner');
        if (!/:service\/[^/]+\/[0-9a-f]+$/.test(service)) {
            throw new errors/* ConfigurationError */.j1(`expected a service ARN (…:service/NAME/ID), got ${(0,core_inputs/* quote */.hD)(service)}`, 'service'); // prettier-ignore
        }
    }
    else if (!SERVICE_NAME.test(service)) {
        throw new errors/* ConfigurationError */.j1(`expected a service name of 4-40 letters, digits, - and _ (or a service ARN), got ${(0,core_inputs/* quote */.hD)(service)}`, 'service');
    }
    const image = inputs.required('image');
    if (!IMAGE.test(image)) {
        throw new errors/* ConfigurationError */.j1(`expected an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>, got ${(0,core_inputs/* quote */.hD)(image)}`, 'image');
    }
    const sensitiveEnvironment = [];
    const environment = readEnvironment(inputs, sensitiveEnvironment);
    const secrets = readSecrets(inputs, environment);
    const cpuText = inputs.optional('cpu');
    const memoryText = inputs.optional('memory');
    const cpu = cpuText === undefined ? undefined : parseCpu('cpu', cpuText);
    const memory = memoryText === undefined ? undefined : parseMemory('memory', memoryText);
    if (cpu !== undefined && memory !== undefined)
        instance_size_checkSizePair(cpu, memory, '');
    const accessRoleArn = optionalArn(inputs, 'access-role-arn', 'iam');
    const instanceRoleArn = optionalArn(inputs, 'instance-role-arn', 'iam');
    const port = inputs.integer('port', undefined, { min: 1, max: 65535 });
    const startCommand = inputs.optional('start-command');
    const spec = {
        image,
        repositoryType: image.startsWith('public.ecr.aws/') ? 'ECR_PUBLIC' : 'ECR',
        ...(accessRoleArn === undefined ? {} : { accessRoleArn }),
        ...(port === undefined ? {} : { port: String(port) }),
        ...(cpu === undefined ? {} : { cpu }),
        ...(memory === undefined ? {} : { memory }),
        ...(environment === undefined ? {} : { environment }),
        ...(secrets === undefined ? {} : { secrets }),
        ...(startCommand === undefined ? {} : { startCommand }),
        healthCheck: readHealthCheck(inputs),
        autoScaling: {
            ...optional('MinSize', inputs.integer('min-instances', undefined, { min: 1, max: 25 })),
            ...optional('MaxSize', inputs.integer('max-instances', undefined, { min: 1, max: 25 })),
            ...optional('MaxConcurrency', inputs.integer('max-concurrency', undefined, { min: 1, max: 200 })), // prettier-ignore
        },
        ...(instanceRoleArn === undefined ? {} : { instanceRoleArn }),
        tags: Object.fromEntries(inputs.keyValues('tags')),
    };
    const scalingName = inputs.matching('auto-scaling-name', /^[A-Za-z0-9][A-Za-z0-9-_]{3,31}$/, '4-32 letters, digits, - and _'); // prettier-ignore
    if (scalingName === 'DefaultConfiguration') {
        throw new errors/* ConfigurationError */.j1('DefaultConfiguration is App Runner\'s own; choose another name', 'auto-scaling-name'); // prettier-ignore
    }
    if (scalingName !== undefined)
        spec.autoScalingName = scalingName;
    const egress = readEgress(inputs);
    if (egress !== undefined)
        spec.egress = egress;
    const observability = readObservability(inputs);
    if (observability !== undefined)
        spec.observability = observability;
    for (const key of Object.keys(spec.tags)) {
        if (key.startsWith('aws:'))
            throw new errors/* ConfigurationError */.j1(`tag ${(0,core_inputs/* quote */.hD)(key)}: the aws: prefix is reserved`, 'tags'); // prettier-ignore
    }
    const pollIntervalMs = inputs.duration('poll-interval', '5s', { min: 100, max: 300_000 });
    const maxPollIntervalMs = inputs.duration('max-poll-interval', '30s', { min: 100, max: 600_000 });
    if (maxPollIntervalMs < pollIntervalMs) {
        throw new errors/* ConfigurationError */.j1('must not be shorter than poll-interval', 'max-poll-interval');
    }
    return {
        aws,
        service,
        spec,
        replaceFailedService: inputs.boolean('replace-failed-service', false),
        forceDeployment: inputs.boolean('force-deployment', false),
        dryRun: inputs.boolean('dry-run', false),
        timeoutMs: inputs.duration('timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
        busyTimeoutMs: inputs.duration('wait-for-busy', '20m', { min: 0, max: 6 * 3_600_000 }),
        pollIntervalMs,
        maxPollIntervalMs,
        sensitiveEnvironment,
    };
}
function optional(key, value) {
    return value === undefined ? {} : { [key]: value };
}
function optionalArn(inputs, name, service) {
    const value = inputs.optional(name);
    if (value !== undefined)
        (0,core_inputs/* assertArn */.Q4)(name, value, service);
    return value;
}
/** `KEY=value` lines; values of sensitive-looking names are masked (and should be secrets). */
function readEnvironment(inputs, sensitive) {
    if (inputs.optional('environment') === undefined)
        return undefined;
    const environment = {};
    for (const [key, value] of inputs.keyValues('environment')) {
        checkVariableName('environment', key);
        if (looksSensitive(key)) {
            (0,mask/* maskSecret */.$l)(value);
            sensitive.push(key);
        }
        environment[key] = value;
    }
    return environment;
}
/** `NAME=arn` lines: Secrets Manager ARNs (with an optional `:json-key:stage:version` suffix) or SSM parameter ARNs. */
function readSecrets(inputs, environment) {
    if (inputs.optional('secrets') === undefined)
        return undefined;
    const secrets = {};
    for (const [key, arn] of inputs.keyValues('secrets')) {
        checkVariableName('secrets', key);
        if (environment?.[key] !== undefined) {
            throw new errors/* ConfigurationError */.j1(`${key} is set in both environment and secrets`, 'secrets');
        }
        if (!SECRET_ARN.test(arn) && !PARAMETER_ARN.test(arn)) {
            throw new errors/* ConfigurationError */.j1(`${key}: expected a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME, ` +
                `optionally followed by :JSON_KEY::) or an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME); ` +
                // Never echo the value: a secret pasted here by mistake must not reach the log.
                `the value given is not one`, 'secrets');
        }
        secrets[key] = arn;
    }
    return secrets;
}
function checkVariableName(input, key) {
    if (!ENV_NAME.test(key)) {
        throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(key)} is not a valid variable name`, input);
    }
    if (key.startsWith('AWSAPPRUNNER')) {
        throw new errors/* ConfigurationError */.j1(`${key}: names starting with AWSAPPRUNNER are reserved`, input);
    }
}
function readHealthCheck(inputs) {
    const protocolText = inputs.oneOf('health-check-protocol', ['HTTP', 'TCP', 'http', 'tcp']);
    const path = inputs.matching('health-check-path', /^\/\S*$/, 'a path starting with /');
    let protocol = protocolText?.toUpperCase();
    if (path !== undefined && protocol === 'TCP') {
        throw new errors/* ConfigurationError */.j1('a path is only used with health-check-protocol HTTP', 'health-check-path'); // prettier-ignore
    }
    if (path !== undefined)
        protocol = 'HTTP';
    const range = { min: 1, max: 20 };
    const seconds = (name) => {
        const ms = inputs.duration(name, undefined, { min: 1000, max: 20_000 });
        if (ms !== undefined && ms % 1000 !== 0) {
            throw new errors/* ConfigurationError */.j1('App Runner takes whole seconds', name);
        }
        return ms === undefined ? undefined : ms / 1000;
    };
    return {
        ...optional('Protocol', protocol),
        ...optional('Path', path),
        ...optional('Interval', seconds('health-check-interval')),
        ...optional('Timeout', seconds('health-check-timeout')),
        ...optional('HealthyThreshold', inputs.integer('health-check-healthy-threshold', undefined, range)), // prettier-ignore
        ...optional('UnhealthyThreshold', inputs.integer('health-check-unhealthy-threshold', undefined, range)), // prettier-ignore
    };
}
function readEgress(inputs) {
    const type = inputs.oneOf('egress', ['default', 'vpc']);
    const connector = optionalArn(inputs, 'vpc-connector-arn', 'apprunner');
    if (connector !== undefined && !connector.includes(':vpcconnector/')) {
        throw new errors/* ConfigurationError */.j1('expected a VPC connector ARN (…:vpcconnector/NAME/REVISION/ID)', 'vpc-connector-arn'); // prettier-ignore
    }
    if (type === 'default' && connector !== undefined) {
        throw new errors/* ConfigurationError */.j1('egress default does not use a VPC connector; remove vpc-connector-arn or set egress: vpc', 'egress'); // prettier-ignore
    }
    if (type === undefined && connector === undefined)
        return undefined;
    return type === 'default'
        ? { type: 'DEFAULT' }
        : { type: 'VPC', ...(connector === undefined ? {} : { vpcConnectorArn: connector }) };
}
function readObservability(inputs) {
    const arn = optionalArn(inputs, 'observability-configuration-arn', 'apprunner');
    const enabledText = inputs.optional('observability');
    const enabled = enabledText === undefined ? undefined : inputs.boolean('observability', false);
    if (enabled === false && arn !== undefined) {
        throw new errors/* ConfigurationError */.j1('observability is false but observability-configuration-arn is set', 'observability'); // prettier-ignore
    }
    if (enabled === undefined && arn === undefined)
        return undefined;
    return { enabled: enabled ?? true, ...(arn === undefined ? {} : { configurationArn: arn }) };
}


/***/ })

};

//# sourceMappingURL=158.index.js.map