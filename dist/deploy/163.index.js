export const id = 163;
export const ids = [163];
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

/***/ 5163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMode: () => (/* binding */ runMode)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(4991);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var dist_cjs = __webpack_require__(303);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(8675);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/clock.ts
var clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
// EXTERNAL MODULE: ./src/ecs/task-definition.ts
var task_definition = __webpack_require__(7652);
// EXTERNAL MODULE: ./src/ecs/task-definition-api.ts
var task_definition_api = __webpack_require__(4961);
;// CONCATENATED MODULE: ./src/ecs/service-deployment.ts






class DeploymentRolledBackError extends errors/* DeploymentFailedError */.RJ {
    runningNow;
    constructor(message, runningNow) {
        super(message);
        this.runningNow = runningNow;
    }
}
async function waitForServiceDeployment(watch) {
    let seen;
    let lastState = '';
    const outcome = await (0,wait/* waitFor */.f)({
        description: `deployment of ${(0,task_definition/* shortTaskDefinition */.P5)(watch.taskDefinitionArn)} to service ${watch.service}`,
        timeoutMs: watch.timeoutMs,
        ...(watch.backoff === undefined ? {} : { backoff: watch.backoff }),
        ...(watch.clock === undefined ? {} : { clock: watch.clock }),
        ...(watch.signal === undefined ? {} : { signal: watch.signal }),
        poll: async () => {
            const service = await describeService(watch);
            const deployments = service.deployments ?? [];
            const deployment = watch.deploymentId !== undefined
                ? deployments.find((d) => d.id === watch.deploymentId)
                : deployments.find((d) => d.taskDefinition === watch.taskDefinitionArn &&
                    (seen === undefined || d.id === seen.id));
            if (deployment === undefined) {
                if (seen === undefined && watch.deploymentId === undefined) {
                    return { done: false, state: 'waiting for the deployment to appear' };
                }
                throw await failure(watch, service, seen, 'the deployment was removed from the service (rolled back or replaced)');
            }
            seen = deployment;
            if (deployment.rolloutState === 'FAILED') {
                throw await failure(watch, service, deployment, deployment.rolloutStateReason ?? 'rollout FAILED');
            }
            if (deployment.status !== 'PRIMARY') {
                throw await failure(watch, service, deployment, `another deployment took over (this one is ${deployment.status ?? 'not primary'})`);
            }
            const running = deployment.runningCount ?? 0;
            const desired = deployment.desiredCount ?? 0;
            const completed = deployment.rolloutState === 'COMPLETED' ||
                (deployment.rolloutState === undefined && deployments.length === 1);
            if (completed && running >= desired)
                return { done: true, value: { service, deployment } };
            const state = `${deployment.rolloutState ?? 'IN_PROGRESS'}, ${running}/${desired} tasks running${(deployment.failedTasks ?? 0) > 0 ? `, ${deployment.failedTasks} failed` : ''}`;
            const changed = state !== lastState;
            lastState = state;
            return { done: false, state, resetBackoff: changed };
        },
        onPending: (state, elapsedMs, attempt) => {
            if (attempt === 1 || attempt % 5 === 0) {
                watch.onProgress?.(`Service ${watch.service}: ${state} (${(0,clock/* formatDuration */.a)(elapsedMs)})`);
            }
        },
    });
    return { ...outcome.value, elapsedMs: outcome.elapsedMs };
}
async function describeService(target) {
    const out = await target.ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster: target.cluster, services: [target.service] }), target.signal === undefined ? {} : { abortSignal: target.signal });
    const service = out.services?.[0];
    if (service === undefined) {
        throw new errors/* DeploymentFailedError */.RJ(`service ${target.service} was not found in cluster ${target.cluster} (${out.failures?.[0]?.reason ?? 'MISSING'})`);
    }
    return service;
}
/** The service as it stands after `failed`: the primary deployment if it is another one, else the one with running tasks. */
async function runningNow(ecs, service, failedId) {
    const others = (service.deployments ?? []).filter((d) => d.id !== failedId);
    const primary = others.find((d) => d.status === 'PRIMARY');
    const current = primary ?? [...others].sort((a, b) => (b.runningCount ?? 0) - (a.runningCount ?? 0))[0];
    if (current?.taskDefinition === undefined)
        return { images: {}, state: 'nothing running' };
    const definition = await (0,task_definition_api/* describeTaskDefinition */.o)(ecs, current.taskDefinition);
    const images = {};
    for (const c of definition?.containerDefinitions ?? [])
        images[c.name ?? ''] = c.image ?? '';
    return {
        taskDefinitionArn: current.taskDefinition,
        images,
        state: current.rolloutState === 'IN_PROGRESS' && primary !== undefined ? 'rolling back' : 'running',
    };
}
function describeRunningNow(now) {
    if (now.state === 'nothing running' || now.taskDefinitionArn === undefined)
        return 'the service runs no other deployment';
    const images = Object.entries(now.images)
        .map(([name, image]) => `${name}=${image}`)
        .join(', ');
    const verb = now.state === 'rolling back' ? 'is rolling back to' : 'now runs';
    return `the service ${verb} ${(0,task_definition/* shortTaskDefinition */.P5)(now.taskDefinitionArn)} (${images})`;
}
async function failure(watch, service, deployment, reason) {
    const now = await runningNow(watch.ecs, service, deployment?.id);
    return new DeploymentRolledBackError(`Deployment ${deployment?.id ?? ''} of ${(0,task_definition/* shortTaskDefinition */.P5)(watch.taskDefinitionArn)} to service ${watch.service} failed: ${reason}; ${describeRunningNow(now)}`, now);
}

;// CONCATENATED MODULE: ./src/ecs/express-deploy.ts



/** Creates or updates an Express Mode service and waits until the new revision is the one serving. */
async function deployExpress(options) {
    const { ecs, spec } = options;
    const progress = options.onProgress ?? (() => undefined);
    const existingArn = await findService(ecs, options.cluster, spec.service);
    let status;
    let serviceArn;
    let target;
    let previous;
    if (existingArn === undefined) {
        progress(`Creating Express Mode service ${spec.service} in cluster ${options.cluster}`);
        const out = await ecs.send(new client_ecs_dist_cjs/* CreateExpressGatewayServiceCommand */.vER({
            cluster: options.cluster,
            serviceName: spec.service,
            executionRoleArn: spec.executionRoleArn,
            infrastructureRoleArn: spec.infrastructureRoleArn,
            ...(spec.taskRoleArn === undefined ? {} : { taskRoleArn: spec.taskRoleArn }),
            primaryContainer: container(spec, undefined),
            ...optionalSettings(spec),
        }));
        serviceArn = out.service?.serviceArn ?? '';
        target = out.service?.activeConfigurations?.[0];
        status = 'created';
    }
    else {
        serviceArn = existingArn;
        const current = await ecs
            .send(new client_ecs_dist_cjs/* DescribeExpressGatewayServiceCommand */.UMo({ serviceArn }))
            .catch((error) => {
            const name = error.name ?? '';
            if (![
                'ServiceNotFoundException',
                'ResourceNotFoundException',
                'InvalidParameterException',
            ].includes(name)) {
                throw error;
            }
            throw new errors/* DeploymentFailedError */.RJ(`service ${spec.service} exists in cluster ${options.cluster} but is not an Express Mode service (${name}); deploy it with mode: service, or choose another service name`);
        });
        const configs = current.service?.activeConfigurations ?? [];
        previous = newest(configs);
        if (configs.length === 1 && previous !== undefined && sameConfiguration(previous, spec)) {
            progress(`Express service ${spec.service} already runs ${spec.image} with this configuration: nothing to deploy`);
            return {
                status: 'unchanged',
                serviceArn,
                image: spec.image,
                previousImage: spec.image,
                ...urlOf(previous),
                ...(previous.serviceRevisionArn === undefined
                    ? {}
                    : { serviceRevisionArn: previous.serviceRevisionArn }),
                ...(previous.taskDefinitionArn === undefined
                    ? {}
                    : { taskDefinitionArn: previous.taskDefinitionArn }),
                ...(previous.taskDefinitionArn === undefined
                    ? {}
                    : { previousTaskDefinitionArn: previous.taskDefinitionArn }),
            };
        }
        progress(`Updating Express Mode service ${spec.service}: ${previous?.primaryContainer?.image ?? '(none)'} -> ${spec.image}`);
        const out = await ecs.send(new client_ecs_dist_cjs/* UpdateExpressGatewayServiceCommand */.omG({
            serviceArn,
            executionRoleArn: spec.executionRoleArn,
            ...(spec.taskRoleArn === undefined ? {} : { taskRoleArn: spec.taskRoleArn }),
            primaryContainer: container(spec, previous?.primaryContainer),
            ...optionalSettings(spec),
        }));
        target = out.service?.targetConfiguration;
        status = 'updated';
    }
    if (target?.taskDefinitionArn === undefined) {
        throw new errors/* DeploymentFailedError */.RJ(`ECS did not return the new configuration of Express service ${spec.service}`);
    }
    progress(`Rolling out revision ${target.serviceRevisionArn ?? target.taskDefinitionArn}`);
    await waitForServiceDeployment({
        ecs,
        cluster: options.cluster,
        service: spec.service,
        taskDefinitionArn: target.taskDefinitionArn,
        timeoutMs: options.timeoutMs,
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: progress,
    });
    const after = await ecs.send(new client_ecs_dist_cjs/* DescribeExpressGatewayServiceCommand */.UMo({ serviceArn }));
    const active = after.service?.activeConfigurations ?? [];
    const serving = active.find((c) => c.taskDefinitionArn === target.taskDefinitionArn);
    if (serving === undefined) {
        const now = newest(active);
        throw new errors/* DeploymentFailedError */.RJ(`Express service ${spec.service}: revision ${target.serviceRevisionArn ?? ''} is not an active configuration after its rollout; the service runs ${now?.primaryContainer?.image ?? 'nothing'}`);
    }
    return {
        status,
        serviceArn,
        image: spec.image,
        ...(previous?.primaryContainer?.image === undefined
            ? {}
            : { previousImage: previous.primaryContainer.image }),
        ...urlOf(serving),
        ...(serving.serviceRevisionArn === undefined
            ? {}
            : { serviceRevisionArn: serving.serviceRevisionArn }),
        taskDefinitionArn: target.taskDefinitionArn,
        ...(previous?.taskDefinitionArn === undefined
            ? {}
            : { previousTaskDefinitionArn: previous.taskDefinitionArn }),
    };
}
/** The service's ARN when it exists and is active in the cluster. */
async function findService(ecs, cluster, name) {
    try {
        const out = await ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [name] }));
        const service = out.services?.find((s) => s.status === 'ACTIVE');
        return service?.serviceArn;
    }
    catch (error) {
        // Express Mode creates the default cluster on first use.
        if (error.name === 'ClusterNotFoundException' && cluster === 'default')
            return undefined;
        throw error;
    }
}
function container(spec, current) {
    return {
        ...(current?.awsLogsConfiguration === undefined
            ? {}
            : { awsLogsConfiguration: current.awsLogsConfiguration }),
        ...(current?.command === undefined ? {} : { command: current.command }),
        image: spec.image,
        ...(spec.port !== undefined
            ? { containerPort: spec.port }
            : current?.containerPort === undefined
                ? {}
                : { containerPort: current.containerPort }),
        environment: [...spec.environment].map(([name, value]) => ({ name, value })),
        secrets: [...spec.secrets].map(([name, valueFrom]) => ({ name, valueFrom })),
    };
}
function optionalSettings(spec) {
    const scaling = spec.scaling;
    return {
        ...(spec.healthCheckPath === undefined ? {} : { healthCheckPath: spec.healthCheckPath }),
        ...(spec.cpu === undefined ? {} : { cpu: spec.cpu }),
        ...(spec.memory === undefined ? {} : { memory: spec.memory }),
        ...(scaling === undefined
            ? {}
            : {
                scalingTarget: {
                    ...(scaling.minTaskCount === undefined ? {} : { minTaskCount: scaling.minTaskCount }),
                    ...(scaling.maxTaskCount === undefined ? {} : { maxTaskCount: scaling.maxTaskCount }),
                    ...(scaling.metric === undefined
                        ? {}
                        : { autoScalingMetric: scaling.metric }),
                    ...(scaling.target === undefined ? {} : { autoScalingTargetValue: scaling.target }),
                },
            }),
        ...(spec.subnets.length === 0 && spec.securityGroups.length === 0
            ? {}
            : {
                networkConfiguration: {
                    subnets: [...spec.subnets],
                    securityGroups: [...spec.securityGroups],
                },
            }),
    };
}
/** Whether the current configuration already is what the step asks for. */
function sameConfiguration(current, spec) {
    const c = current.primaryContainer;
    const pairs = (list) => JSON.stringify((list ?? []).map((p) => [p.name, p.value ?? p.valueFrom]).sort());
    const given = (wanted, actual) => wanted === undefined || wanted === actual;
    const scaling = spec.scaling ?? {};
    const currentScaling = current.scalingTarget ?? {};
    return (c?.image === spec.image &&
        current.executionRoleArn === spec.executionRoleArn &&
        given(spec.taskRoleArn, current.taskRoleArn) &&
        given(spec.port, c.containerPort) &&
        given(spec.healthCheckPath, current.healthCheckPath) &&
        given(spec.cpu, current.cpu) &&
        given(spec.memory, current.memory) &&
        pairs(c.environment) ===
            pairs([...spec.environment].map(([name, value]) => ({ name, value }))) &&
        pairs(c.secrets) ===
            pairs([...spec.secrets].map(([name, valueFrom]) => ({ name, valueFrom }))) &&
        given(scaling.minTaskCount, currentScaling.minTaskCount) &&
        given(scaling.maxTaskCount, currentScaling.maxTaskCount) &&
        given(scaling.metric, currentScaling.autoScalingMetric) &&
        given(scaling.target, currentScaling.autoScalingTargetValue) &&
        (spec.subnets.length === 0 ||
            JSON.stringify([...spec.subnets].sort()) ===
                JSON.stringify([...(current.networkConfiguration?.subnets ?? [])].sort())) &&
        (spec.securityGroups.length === 0 ||
            JSON.stringify([...spec.securityGroups].sort()) ===
                JSON.stringify([...(current.networkConfiguration?.securityGroups ?? [])].sort())));
}
function newest(configs) {
    return [...configs].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}
/** The public ingress endpoint as a URL (ECS may return a bare host name). */
function urlOf(config) {
    const paths = config.ingressPaths ?? [];
    const endpoint = (paths.find((p) => p.accessType === 'PUBLIC') ?? paths[0])?.endpoint;
    if (endpoint === undefined || endpoint === '')
        return {};
    return { url: /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}` };
}

// EXTERNAL MODULE: ./src/ecs/one-off-task.ts + 1 modules
var one_off_task = __webpack_require__(7115);
;// CONCATENATED MODULE: ./src/ecs/service-deploy.ts





async function deployService(options) {
    const progress = options.onProgress ?? (() => undefined);
    const service = await describeService(options);
    if (service.status !== 'ACTIVE') {
        throw new errors/* DeploymentFailedError */.RJ(`service ${options.service} is ${service.status ?? 'not active'} in cluster ${options.cluster}`);
    }
    const previousArn = service.taskDefinition;
    const current = previousArn === undefined ? undefined : await (0,task_definition_api/* describeTaskDefinition */.o)(options.ecs, previousArn);
    const base = options.definition ?? (current === undefined ? undefined : (0,task_definition/* toRegisterInput */.Rv)(current));
    if (base === undefined) {
        throw new errors/* DeploymentFailedError */.RJ(`cannot read the task definition of service ${options.service}`);
    }
    // An unknown container name is a ConfigurationError here, before anything changes.
    const replaced = (0,task_definition/* replaceImages */.lm)(base, options.images, options.imagesInput);
    const definition = replaced.definition;
    // `previous` is what the service runs now, whatever the base: a repository file's images
    // are not what a rollback should restore.
    const running = new Map((current?.containerDefinitions ?? []).map((c) => [c.name ?? '', c.image ?? '']));
    const changes = replaced.changes.map((c) => ({
        ...c,
        previous: running.get(c.container) ?? '',
    }));
    for (const change of changes) {
        progress(`Container ${change.container}: ${change.previous || '(none)'} -> ${change.image}`);
    }
    const candidate = await sameAs(options.ecs, definition, current);
    const registered = await (0,task_definition_api/* registerIfChanged */.L)(options.ecs, definition, candidate);
    progress(registered.registered
        ? `Registered task definition ${registered.arn}`
        : `Task definition unchanged: ${registered.arn} (no new revision)`);
    const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
    const result = {
        serviceArn: service.serviceArn ?? options.service,
        taskDefinitionArn: registered.arn,
        ...(previousArn === undefined ? {} : { previousTaskDefinitionArn: previousArn }),
        registered: registered.registered,
        changes,
    };
    if (registered.arn === previousArn &&
        primary?.rolloutState === 'COMPLETED' &&
        (service.deployments ?? []).length === 1) {
        progress(`Service ${options.service} already runs ${registered.arn}: nothing to deploy`);
        return { ...result, status: 'unchanged' };
    }
    let deploymentId;
    if (registered.arn === previousArn && primary !== undefined) {
        progress(`Service ${options.service} is already deploying ${registered.arn}: waiting for it`);
        deploymentId = primary.id;
    }
    else {
        const updated = await options.ecs.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr({
            cluster: options.cluster,
            service: options.service,
            taskDefinition: registered.arn,
        }));
        deploymentId = updated.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
        progress(`Updated service ${options.service}: deployment ${deploymentId ?? '(unknown)'} started`);
    }
    const done = await waitForServiceDeployment({
        ecs: options.ecs,
        cluster: options.cluster,
        service: options.service,
        taskDefinitionArn: registered.arn,
        ...(deploymentId === undefined ? {} : { deploymentId }),
        timeoutMs: options.timeoutMs,
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: progress,
    });
    return {
        ...result,
        status: 'deployed',
        ...(done.deployment.id === undefined ? {} : { deploymentId: done.deployment.id }),
    };
}
/**
 * The registered definition that equals `definition`, if any: the service's current one, or
 * the latest revision of the family (a repository file deployed before).
 */
async function sameAs(ecs, definition, current) {
    const wanted = (0,task_definition/* normalise */.j7)(definition);
    if (current !== undefined && (0,task_definition/* normalise */.j7)(current) === wanted)
        return current;
    if (definition.family === undefined)
        return undefined;
    const latest = await (0,task_definition_api/* describeTaskDefinition */.o)(ecs, definition.family);
    if (latest === undefined || latest.taskDefinitionArn === current?.taskDefinitionArn)
        return undefined;
    return (0,task_definition/* normalise */.j7)(latest) === wanted ? latest : undefined;
}

// EXTERNAL MODULE: ./src/deploy-ecs/report.ts
var report = __webpack_require__(9577);
;// CONCATENATED MODULE: ./src/deploy-ecs/modes.ts












/** Runs the configured mode; failures that still have something to report come back as `error`. */
async function runMode(config, signal, started) {
    const ecs = (0,aws_clients/* createClient */.UU)(client_ecs_dist_cjs.ECSClient, config.aws);
    const backoff = {
        initialDelayMs: config.wait.pollIntervalMs,
        maxDelayMs: Math.max(config.wait.pollIntervalMs, Math.min(30_000, config.wait.pollIntervalMs * 6)),
    };
    const progress = (line) => core/* info */.pq(line);
    if (config.mode === 'express')
        return express(config, ecs, backoff, signal, started, progress);
    if (config.mode === 'service')
        return service(config, ecs, backoff, signal, started, progress);
    return task(config, ecs, backoff, signal, started, progress);
}
async function express(config, ecs, backoff, signal, started, progress) {
    const title = `deploy-ecs: Express Mode service ${config.service}`;
    try {
        const result = await deployExpress({
            ecs,
            cluster: config.cluster,
            spec: config,
            timeoutMs: config.wait.timeoutMs,
            backoff,
            signal,
            onProgress: progress,
        });
        if (result.url !== undefined)
            core/* info */.pq(`Service URL: ${result.url}`);
        return {
            report: {
                ok: true,
                title,
                status: result.status,
                elapsedMs: Date.now() - started,
                outputs: {
                    service: config.service,
                    'service-arn': result.serviceArn,
                    'service-url': result.url,
                    image: result.image,
                    'previous-image': result.previousImage,
                    'task-definition': result.taskDefinitionArn,
                    'previous-task-definition': result.previousTaskDefinitionArn,
                    'service-revision': result.serviceRevisionArn,
                },
                facts: [
                    ['Service', config.service],
                    ['Cluster', config.cluster],
                    ['URL', (0,report/* link */.nf)(result.url)],
                    ['Image', result.image],
                    ['Previous image', result.previousImage],
                    ['Revision', result.serviceRevisionArn],
                ],
            },
        };
    }
    catch (error) {
        return failed(title, config.service, error, started, { image: config.image });
    }
}
async function service(config, ecs, backoff, signal, started, progress) {
    const title = `deploy-ecs: service ${config.service}`;
    try {
        const result = await deployService({
            ecs,
            cluster: config.cluster,
            service: config.service,
            ...(config.taskDefinitionFile === undefined
                ? {}
                : { definition: config.taskDefinitionFile.definition }),
            images: config.images,
            imagesInput: config.images.size === 1 ? 'container' : 'images',
            timeoutMs: config.wait.timeoutMs,
            backoff,
            signal,
            onProgress: progress,
        });
        const first = result.changes[0];
        return {
            report: {
                ok: true,
                title,
                status: result.status,
                elapsedMs: Date.now() - started,
                outputs: {
                    service: config.service,
                    'service-arn': result.serviceArn,
                    image: first?.image,
                    'previous-image': first?.previous,
                    images: JSON.stringify(Object.fromEntries(result.changes.map((c) => [c.container, c.image]))),
                    'previous-images': JSON.stringify(Object.fromEntries(result.changes.filter((c) => c.previous !== '').map((c) => [c.container, c.previous]))),
                    'task-definition': result.taskDefinitionArn,
                    'previous-task-definition': result.previousTaskDefinitionArn,
                },
                facts: [
                    ['Service', config.service],
                    ['Cluster', config.cluster],
                    [
                        'Task definition',
                        `${(0,task_definition/* shortTaskDefinition */.P5)(result.taskDefinitionArn)}${result.registered ? ' (new revision)' : ''}`,
                    ],
                    ['Previous task definition', (0,task_definition/* shortTaskDefinition */.P5)(result.previousTaskDefinitionArn)],
                    ...result.changes.map((c) => [
                        `Container ${c.container}`,
                        `${c.previous || '(none)'} → ${c.image}`,
                    ]),
                ],
            },
        };
    }
    catch (error) {
        const first = [...config.images.values()][0];
        return failed(title, config.service, error, started, first === undefined ? {} : { image: first });
    }
}
async function task(config, ecs, backoff, signal, started, progress) {
    const logs = (0,aws_clients/* createClient */.UU)(dist_cjs.CloudWatchLogsClient, config.aws);
    let taskDefinition = config.taskDefinitionRef;
    if (config.taskDefinitionFile !== undefined) {
        const definition = config.taskDefinitionFile.definition;
        const latest = definition.family === undefined
            ? undefined
            : await (0,task_definition_api/* describeTaskDefinition */.o)(ecs, definition.family);
        taskDefinition = (await (0,task_definition_api/* registerIfChanged */.L)(ecs, definition, latest)).arn;
    }
    const title = `deploy-ecs: one-off task in ${config.cluster}`;
    const multi = { value: false };
    try {
        const result = await (0,one_off_task.runOneOffTask)({
            ecs,
            logs,
            cluster: config.cluster,
            ...(taskDefinition === undefined ? {} : { taskDefinition }),
            containerName: config.container,
            ...(config.image === undefined ? {} : { image: config.image }),
            ...(config.command === undefined ? {} : { command: config.command }),
            ...(config.env.size === 0 ? {} : { environment: Object.fromEntries(config.env) }),
            ...(config.service === undefined ? {} : { copyFromService: config.service }),
            ...(config.subnets.length === 0
                ? {}
                : {
                    networkConfiguration: {
                        awsvpcConfiguration: {
                            subnets: config.subnets,
                            ...(config.securityGroups.length === 0
                                ? {}
                                : { securityGroups: config.securityGroups }),
                            ...(config.assignPublicIp === undefined
                                ? {}
                                : { assignPublicIp: config.assignPublicIp }),
                        },
                    },
                }),
            ...(config.launchType === undefined ? {} : { launchType: config.launchType }),
            ...(config.capacityProvider === undefined
                ? {}
                : { capacityProviderStrategy: [{ capacityProvider: config.capacityProvider, weight: 1 }] }),
            startedBy: `github-${process.env.GITHUB_RUN_ID ?? 'local'}`,
            timeoutMs: config.wait.timeoutMs,
            backoff: { ...backoff, maxDelayMs: Math.min(backoff.maxDelayMs ?? 15_000, 15_000) },
            signal,
            onLogLine: (line) => {
                multi.value ||= line.container !== config.container;
                core/* info */.pq(multi.value ? `[${line.container}] ${line.message}` : line.message);
            },
            onProgress: progress,
            onWarning: (message) => core/* warning */.$e(message),
        });
        return { report: taskReport(title, config, result, true, 'succeeded', started) };
    }
    catch (error) {
        if (error instanceof one_off_task/* TaskFailedError */.z) {
            return { report: taskReport(title, config, error.result, false, 'failed', started), error };
        }
        return failed(title, config.service ?? config.container, error, started, config.image === undefined ? {} : { image: config.image });
    }
}
function taskReport(title, config, result, ok, status, started) {
    const exitCode = result.exitCodes[config.container];
    return {
        ok,
        title,
        status,
        elapsedMs: Date.now() - started,
        outputs: {
            'task-arn': result.taskArn,
            'exit-code': exitCode === undefined ? undefined : String(exitCode),
            'task-definition': result.taskDefinitionArn,
            image: config.image,
            'stopped-reason': result.stoppedReason,
        },
        facts: [
            ['Task', result.taskId],
            ['Task definition', (0,task_definition/* shortTaskDefinition */.P5)(result.taskDefinitionArn)],
            ['Command', config.command?.join(' ')],
            [
                'Exit codes',
                Object.entries(result.exitCodes)
                    .map(([name, code]) => `${name}: ${code ?? 'none'}`)
                    .join(', '),
            ],
            ['Stopped', [result.stopCode, result.stoppedReason].filter(Boolean).join(': ')],
            ['Log lines', result.logLines],
        ],
    };
}
/** A failure that still reports what it knows: the image tried and what the service runs now. */
function failed(title, name, error, started, known) {
    if (!(error instanceof errors/* DeploymentFailedError */.RJ) && !(error instanceof errors/* WaitTimeoutError */.Do))
        throw error;
    const now = error instanceof DeploymentRolledBackError ? error.runningNow : undefined;
    const runningImage = now === undefined ? undefined : Object.values(now.images)[0];
    return {
        error,
        report: {
            ok: false,
            title,
            status: error instanceof errors/* WaitTimeoutError */.Do
                ? 'timed-out'
                : now === undefined
                    ? 'failed'
                    : 'rolled-back',
            elapsedMs: Date.now() - started,
            outputs: {
                service: name,
                image: known.image,
                'previous-image': runningImage,
                'previous-task-definition': now?.taskDefinitionArn,
            },
            facts: [
                ['Failure', error.message],
                ['Image tried', known.image],
                [
                    'Runs now',
                    now?.taskDefinitionArn === undefined
                        ? undefined
                        : `${(0,task_definition/* shortTaskDefinition */.P5)(now.taskDefinitionArn)} (${Object.values(now.images).join(', ')})`,
                ],
            ],
        },
    };
}


/***/ }),

/***/ 7115:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  z: () => (/* binding */ TaskFailedError),
  runOneOffTask: () => (/* binding */ runOneOffTask)
});

// UNUSED EXPORTS: describeFailure

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/core/clock.ts
var core_clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(303);
;// CONCATENATED MODULE: ./src/ecs/log-tail.ts


/**
 * The awslogs streams of a task's containers: `PREFIX/CONTAINER/TASK_ID` in the configured
 * group. Containers without the awslogs driver or a stream prefix have no known stream.
 */
function logLocations(containers, taskId) {
    const locations = [];
    const unknown = [];
    for (const container of containers) {
        const name = container.name ?? '';
        const config = container.logConfiguration;
        const group = config?.options?.['awslogs-group'];
        const prefix = config?.options?.['awslogs-stream-prefix'];
        if (config?.logDriver !== 'awslogs' || group === undefined || prefix === undefined) {
            unknown.push(name);
            continue;
        }
        locations.push({ container: name, group, stream: `${prefix}/${name}/${taskId}` });
    }
    return { locations, unknown };
}
const MAX_PAGES_PER_DRAIN = 50;
/**
 * Follows one log stream with GetLogEvents from its head. `drain()` delivers every event that
 * arrived since the last call (CloudWatch returns the same forward token when nothing is new).
 * A stream that does not exist yet is not an error; any other error stops the tail with a
 * warning, because logs are a view on the task, not its outcome.
 */
class LogTail {
    logs;
    location;
    onLine;
    warn;
    token;
    stopped = false;
    delivered = 0;
    constructor(logs, location, onLine, warn) {
        this.logs = logs;
        this.location = location;
        this.onLine = onLine;
        this.warn = warn;
    }
    /** Fetches and delivers what is new; returns how many lines. */
    async drain(signal) {
        if (this.stopped)
            return 0;
        let count = 0;
        for (let page = 0; page < MAX_PAGES_PER_DRAIN; page++) {
            let out;
            try {
                out = await this.logs.send(new client_cloudwatch_logs_dist_cjs/* GetLogEventsCommand */.h7S({
                    logGroupName: this.location.group,
                    logStreamName: this.location.stream,
                    startFromHead: true,
                    ...(this.token === undefined ? {} : { nextToken: this.token }),
                }), signal === undefined ? {} : { abortSignal: signal });
            }
            catch (error) {
                if (error.name === 'ResourceNotFoundException')
                    return count;
                if (signal?.aborted)
                    return count;
                this.stopped = true;
                this.warn(`cannot read the logs of container ${this.location.container} (${this.location.group} ${this.location.stream}): ${(0,errors/* describeError */.Uc)(error)}`);
                return count;
            }
            for (const event of out.events ?? []) {
                this.onLine({
                    container: this.location.container,
                    message: event.message ?? '',
                    timestamp: event.timestamp ?? 0,
                });
                count++;
            }
            const next = out.nextForwardToken;
            const same = next === undefined || next === this.token;
            this.token = next ?? this.token;
            if (same || (out.events ?? []).length === 0)
                break;
        }
        this.delivered += count;
        return count;
    }
}

// EXTERNAL MODULE: ./src/ecs/task-definition.ts
var task_definition = __webpack_require__(7652);
// EXTERNAL MODULE: ./src/ecs/task-definition-api.ts
var task_definition_api = __webpack_require__(4961);
;// CONCATENATED MODULE: ./src/ecs/one-off-task.ts







/** The task failed: an essential container exited non-zero, or the task stopped for a reason. */
class TaskFailedError extends errors/* DeploymentFailedError */.RJ {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
    }
}
const DEFAULT_BACKOFF = {
    initialDelayMs: 2000,
    maxDelayMs: 15_000,
    factor: 1.5,
};
const STOP_REASON_CANCELLED = 'Stopped by the workflow: run cancelled';
const STOP_REASON_TIMEOUT = 'Stopped by the workflow: wait timed out';
/** Runs a one-off task to completion. Throws TaskFailedError, CancelledError or WaitTimeoutError. */
async function runOneOffTask(options) {
    const clock = options.clock ?? core_clock/* systemClock */.m;
    const progress = options.onProgress ?? (() => undefined);
    const warn = options.onWarning ?? progress;
    const started = clock.now();
    if (options.signal?.aborted)
        throw new errors/* CancelledError */.cc('Cancelled before the task started');
    const placement = await resolvePlacement(options);
    const { definition, arn, registered } = await resolveTaskDefinition(options, placement.taskDefinition);
    const essential = new Set((definition.containerDefinitions ?? [])
        .filter((c) => c.essential !== false)
        .map((c) => c.name ?? ''));
    const override = {
        name: options.containerName,
        ...(options.command === undefined ? {} : { command: [...options.command] }),
        ...(options.environment === undefined ? {} : { environment: toPairs(options.environment) }),
    };
    // Not cancellable on purpose: a RunTask cut short could start a task we never learn about.
    const run = await options.ecs.send(new dist_cjs/* RunTaskCommand */._eD({
        cluster: options.cluster,
        taskDefinition: arn,
        count: 1,
        ...(placement.networkConfiguration === undefined
            ? {}
            : { networkConfiguration: placement.networkConfiguration }),
        ...(placement.capacityProviderStrategy === undefined
            ? placement.launchType === undefined
                ? {}
                : { launchType: placement.launchType }
            : { capacityProviderStrategy: placement.capacityProviderStrategy }),
        ...(options.startedBy === undefined ? {} : { startedBy: options.startedBy.slice(0, 36) }),
        overrides: { containerOverrides: [override] },
    }));
    const task = run.tasks?.[0];
    if (task?.taskArn === undefined) {
        const reasons = (run.failures ?? []).map((f) => `${f.reason ?? 'unknown'}${f.detail ? ` (${f.detail})` : ''}`);
        throw new errors/* DeploymentFailedError */.RJ(`RunTask started no task from ${(0,task_definition/* shortTaskDefinition */.P5)(arn)} in cluster ${options.cluster}: ${reasons.join('; ') || 'no reason given'}`);
    }
    const taskArn = task.taskArn;
    const taskId = taskArn.split('/').pop() ?? taskArn;
    progress(`Started task ${taskId} from ${(0,task_definition/* shortTaskDefinition */.P5)(arn)} in cluster ${options.cluster}`);
    const tails = createTails(options, definition, taskId, warn);
    const drainAll = async (signal) => {
        let count = 0;
        for (const tail of tails)
            count += await tail.drain(signal);
        return count;
    };
    const result = (stopped) => ({
        taskArn,
        taskId,
        taskDefinitionArn: arn,
        registered,
        exitCodes: Object.fromEntries((stopped?.containers ?? []).map((c) => [c.name ?? '', c.exitCode])),
        ...(stopped?.stopCode === undefined ? {} : { stopCode: stopped.stopCode }),
        ...(stopped?.stoppedReason === undefined ? {} : { stoppedReason: stopped.stoppedReason }),
        durationMs: clock.now() - started,
        logLines: tails.reduce((sum, t) => sum + t.delivered, 0),
    });
    let lastStatus = task.lastStatus ?? 'PROVISIONING';
    let stopped;
    try {
        const outcome = await (0,wait/* waitFor */.f)({
            description: `task ${taskId} to stop`,
            timeoutMs: options.timeoutMs,
            backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
            clock,
            ...(options.signal === undefined ? {} : { signal: options.signal }),
            poll: async () => {
                const described = await describeTask(options.ecs, options.cluster, taskArn, options.signal);
                const lines = await drainAll(options.signal);
                const status = described.lastStatus ?? 'UNKNOWN';
                const changed = status !== lastStatus;
                lastStatus = status;
                if (changed)
                    progress(`Task ${taskId}: ${status}`);
                if (status === 'STOPPED')
                    return { done: true, value: described };
                return { done: false, state: status, resetBackoff: lines > 0 || changed };
            },
            onPending: (state, elapsedMs, attempt) => {
                if (attempt % 10 === 0)
                    progress(`Task ${taskId}: still ${state} after ${(0,core_clock/* formatDuration */.a)(elapsedMs)}`);
            },
        });
        stopped = outcome.value;
    }
    catch (error) {
        const cancelled = options.signal?.aborted === true || error instanceof errors/* CancelledError */.cc;
        const timedOut = error instanceof errors/* WaitTimeoutError */.Do;
        if (cancelled || timedOut) {
            await stopTask(options, taskArn, cancelled ? STOP_REASON_CANCELLED : STOP_REASON_TIMEOUT, warn);
            progress(`Stopped task ${taskId} (${cancelled ? 'workflow cancelled' : 'wait timed out'})`);
            await drainAll().catch(() => 0);
            if (cancelled)
                throw new errors/* CancelledError */.cc(`Cancelled while task ${taskId} ran; the task was stopped (StopTask)`);
        }
        throw error;
    }
    if (tails.length > 0) {
        await clock.sleep(options.logSettleMs ?? 1000, options.signal).catch(() => undefined);
        await drainAll();
    }
    const outcome = result(stopped);
    const failure = describeFailure(stopped, essential);
    if (failure !== undefined)
        throw new TaskFailedError(`Task ${taskId} failed: ${failure}`, outcome);
    for (const container of stopped.containers ?? []) {
        if (!essential.has(container.name ?? '') && (container.exitCode ?? 0) !== 0) {
            warn(`non-essential container ${container.name ?? ''} exited with code ${container.exitCode ?? ''}`);
        }
    }
    progress(`Task ${taskId} succeeded in ${(0,core_clock/* formatDuration */.a)(outcome.durationMs)}`);
    return outcome;
}
/** Why a stopped task failed, or undefined when every essential container exited 0. */
function describeFailure(task, essential) {
    const containers = task.containers ?? [];
    const bad = containers
        .filter((c) => essential.has(c.name ?? ''))
        .filter((c) => c.exitCode !== 0)
        .map((c) => c.exitCode === undefined
        ? `container ${c.name ?? ''} has no exit code${c.reason ? ` (${c.reason})` : ''}`
        : `container ${c.name ?? ''} exited with code ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`);
    const stopFailed = task.stopCode !== undefined && task.stopCode !== 'EssentialContainerExited';
    if (bad.length === 0 && !stopFailed)
        return undefined;
    const reason = `stopped: ${task.stopCode ?? 'unknown stop code'}${task.stoppedReason ? `: ${task.stoppedReason}` : ''}`;
    return bad.length === 0 ? reason : `${bad.join('; ')} (${reason})`;
}
/** Network and capacity: explicit options win; `copyFromService` fills in the rest. */
async function resolvePlacement(options) {
    const placement = {};
    if (options.copyFromService !== undefined) {
        const out = await options.ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({
            cluster: options.cluster,
            services: [options.copyFromService],
        }));
        const service = out.services?.find((s) => s.status !== 'INACTIVE');
        if (service === undefined) {
            throw new errors/* DeploymentFailedError */.RJ(`service ${options.copyFromService} was not found in cluster ${options.cluster} (to copy its network configuration from)`);
        }
        if (service.taskDefinition !== undefined)
            placement.taskDefinition = service.taskDefinition;
        if (service.networkConfiguration !== undefined)
            placement.networkConfiguration = service.networkConfiguration;
        if (service.capacityProviderStrategy !== undefined &&
            service.capacityProviderStrategy.length > 0) {
            placement.capacityProviderStrategy = service.capacityProviderStrategy;
        }
        else if (service.launchType !== undefined) {
            placement.launchType = service.launchType;
        }
    }
    if (options.taskDefinition !== undefined)
        placement.taskDefinition = options.taskDefinition;
    if (options.networkConfiguration !== undefined)
        placement.networkConfiguration = options.networkConfiguration;
    if (options.capacityProviderStrategy !== undefined) {
        placement.capacityProviderStrategy = options.capacityProviderStrategy;
        delete placement.launchType;
    }
    else if (options.launchType !== undefined) {
        placement.launchType = options.launchType;
        delete placement.capacityProviderStrategy;
    }
    return placement;
}
async function resolveTaskDefinition(options, ref) {
    if (ref === undefined) {
        throw new errors/* ConfigurationError */.j1('a one-off task needs a task definition or a service to copy it from', 'task-definition');
    }
    const current = await (0,task_definition_api/* describeTaskDefinition */.o)(options.ecs, ref);
    if (current?.taskDefinitionArn === undefined) {
        throw new errors/* DeploymentFailedError */.RJ(`task definition ${ref} was not found`);
    }
    const names = (current.containerDefinitions ?? []).map((c) => c.name);
    if (!names.includes(options.containerName)) {
        throw new errors/* ConfigurationError */.j1(`container "${options.containerName}" is not in task definition ${(0,task_definition/* shortTaskDefinition */.P5)(current.taskDefinitionArn)}; its containers are ${names.join(', ')}`, 'container');
    }
    if (options.image === undefined) {
        return { definition: current, arn: current.taskDefinitionArn, registered: false };
    }
    const { definition } = (0,task_definition/* replaceImages */.lm)((0,task_definition/* toRegisterInput */.Rv)(current), new Map([[options.containerName, options.image]]), 'container');
    const registered = await (0,task_definition_api/* registerIfChanged */.L)(options.ecs, definition, current);
    return {
        definition: registered.definition,
        arn: registered.arn,
        registered: registered.registered,
    };
}
function createTails(options, definition, taskId, warn) {
    if (options.onLogLine === undefined || options.logs === undefined)
        return [];
    const { locations, unknown } = logLocations(definition.containerDefinitions ?? [], taskId);
    if (unknown.length > 0) {
        warn(`no awslogs stream prefix for container(s) ${unknown.join(', ')}: their logs are not streamed`);
    }
    const logs = options.logs;
    const onLine = options.onLogLine;
    return locations.map((location) => new LogTail(logs, location, onLine, warn));
}
async function describeTask(ecs, cluster, taskArn, signal) {
    const out = await ecs.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster, tasks: [taskArn] }), signal === undefined ? {} : { abortSignal: signal });
    const task = out.tasks?.[0];
    if (task === undefined) {
        const reason = out.failures?.[0]?.reason ?? 'not returned';
        throw new errors/* DeploymentFailedError */.RJ(`task ${taskArn} is not known to ECS (${reason})`);
    }
    return task;
}
async function stopTask(options, taskArn, reason, warn) {
    try {
        // No abort signal: the workflow's signal has fired, and this call must still go out.
        await options.ecs.send(new dist_cjs/* StopTaskCommand */.PP1({ cluster: options.cluster, task: taskArn, reason }));
    }
    catch (error) {
        warn(`could not stop task ${taskArn}: ${(0,errors/* describeError */.Uc)(error)}; stop it by hand`);
    }
}
function toPairs(env) {
    return Object.entries(env).map(([name, value]) => ({ name, value }));
}


/***/ }),

/***/ 4961:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ registerIfChanged),
/* harmony export */   o: () => (/* binding */ describeTaskDefinition)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(212);
/* harmony import */ var _task_definition__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7652);


/** DescribeTaskDefinition by family, family:revision or ARN; undefined when there is none. */
async function describeTaskDefinition(ecs, ref, signal) {
    try {
        const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition: ref }), {
            ...(signal === undefined ? {} : { abortSignal: signal }),
        });
        return out.taskDefinition;
    }
    catch (error) {
        if (error.name === 'ClientException')
            return undefined;
        throw error;
    }
}
/**
 * Registers `definition` unless `current` already is the same thing (normalised). Returns the
 * ARN to deploy and whether a new revision was registered.
 */
async function registerIfChanged(ecs, definition, current) {
    if (current?.taskDefinitionArn !== undefined && (0,_task_definition__WEBPACK_IMPORTED_MODULE_0__/* .normalise */ .j7)(current) === (0,_task_definition__WEBPACK_IMPORTED_MODULE_0__/* .normalise */ .j7)(definition)) {
        return { arn: current.taskDefinitionArn, registered: false, definition: current };
    }
    const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .RegisterTaskDefinitionCommand */ .$Hl(definition));
    const registered = out.taskDefinition;
    if (registered?.taskDefinitionArn === undefined) {
        throw new Error(`RegisterTaskDefinition returned no task definition for ${definition.family ?? ''}`);
    }
    return { arn: registered.taskDefinitionArn, registered: true, definition: registered };
}


/***/ })

};

//# sourceMappingURL=163.index.js.map