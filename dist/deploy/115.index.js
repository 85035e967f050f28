export const id = 115;
export const ids = [115];
export const modules = {

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

//# sourceMappingURL=115.index.js.map