export const id = 829;
export const ids = [829];
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

/***/ 9829:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploy: () => (/* binding */ deploy)
});

// UNUSED EXPORTS: backoffOf, deployAppRunner

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-apprunner/dist-cjs/index.js
var dist_cjs = __webpack_require__(2284);
;// CONCATENATED MODULE: ./src/apprunner/auto-scaling.ts

/** The values of an auto scaling configuration. */
async function scalingValues(client, arn) {
    const { AutoScalingConfiguration: config } = await client.send(new dist_cjs/* DescribeAutoScalingConfigurationCommand */.Bbu({ AutoScalingConfigurationArn: arn }));
    return valuesOf(config);
}
function valuesOf(config) {
    return {
        MinSize: config?.MinSize ?? 1,
        MaxSize: config?.MaxSize ?? 25,
        MaxConcurrency: config?.MaxConcurrency ?? 100,
    };
}
/**
 * An auto scaling configuration with exactly these values: an existing revision under `name`
 * when one matches (so re-runs do not pile up revisions), else a new revision (not in a dry run).
 */
async function resolveScaling(client, name, wanted, dryRun) {
    let token;
    do {
        const page = await client.send(new dist_cjs/* ListAutoScalingConfigurationsCommand */.zBq({ AutoScalingConfigurationName: name, MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) })); // prettier-ignore
        for (const summary of page.AutoScalingConfigurationSummaryList ?? []) {
            if (summary.Status !== 'ACTIVE' || summary.AutoScalingConfigurationArn === undefined)
                continue;
            const values = await scalingValues(client, summary.AutoScalingConfigurationArn);
            if (values.MinSize === wanted.MinSize &&
                values.MaxSize === wanted.MaxSize &&
                values.MaxConcurrency === wanted.MaxConcurrency) {
                return {
                    arn: summary.AutoScalingConfigurationArn,
                    name,
                    revision: summary.AutoScalingConfigurationRevision,
                    created: false,
                };
            }
        }
        token = page.NextToken;
    } while (token !== undefined);
    if (dryRun)
        return { arn: undefined, name, revision: undefined, created: true };
    const { AutoScalingConfiguration: created } = await client.send(new dist_cjs/* CreateAutoScalingConfigurationCommand */.o5J({ AutoScalingConfigurationName: name, ...wanted }));
    return {
        arn: created?.AutoScalingConfigurationArn,
        name,
        revision: created?.AutoScalingConfigurationRevision,
        created: true,
    };
}

// EXTERNAL MODULE: ./src/apprunner/plan.ts
var apprunner_plan = __webpack_require__(3074);
// EXTERNAL MODULE: ./src/core/clock.ts
var core_clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
;// CONCATENATED MODULE: ./src/apprunner/service-state.ts




const SERVICE_ARN = /^arn:aws[a-z-]*:apprunner:[a-z0-9-]+:\d{12}:service\/[^/]+\/[0-9a-f]+$/;
function isServiceArn(ref) {
    return SERVICE_ARN.test(ref);
}
/** The service name inside a service ARN (…:service/NAME/ID). */
function nameFromArn(arn) {
    return arn.split(':service/')[1]?.split('/')[0] ?? arn;
}
/**
 * Finds a service by ARN (DescribeService only) or by name (ListServices pages, then
 * DescribeService). Undefined when there is none.
 */
async function findService(client, ref) {
    if (isServiceArn(ref))
        return describeService(client, ref);
    let token;
    do {
        const page = await client.send(new dist_cjs/* ListServicesCommand */.qde({ MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) })); // prettier-ignore
        const match = page.ServiceSummaryList?.find((s) => s.ServiceName === ref && s.Status !== 'DELETED'); // prettier-ignore
        if (match?.ServiceArn !== undefined)
            return describeService(client, match.ServiceArn);
        token = page.NextToken;
    } while (token !== undefined);
    return undefined;
}
async function describeService(client, arn) {
    try {
        const { Service: service } = await client.send(new dist_cjs/* DescribeServiceCommand */.auI({ ServiceArn: arn }));
        return service?.Status === 'DELETED' ? undefined : service;
    }
    catch (error) {
        if (error.name === 'ResourceNotFoundException')
            return undefined;
        throw error;
    }
}
async function listTags(client, arn) {
    const { Tags } = await client.send(new dist_cjs/* ListTagsForResourceCommand */.a_e({ ResourceArn: arn }));
    return Object.fromEntries((Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}
/** Finds one operation of a service: newest first, so it is on the first page but for rare cases. */
async function findOperation(client, serviceArn, operationId) {
    let token;
    for (let page = 0; page < 5; page++) {
        const result = await client.send(new dist_cjs/* ListOperationsCommand */.K6t({ ServiceArn: serviceArn, MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) })); // prettier-ignore
        const found = result.OperationSummaryList?.find((o) => o.Id === operationId);
        if (found !== undefined || result.NextToken === undefined)
            return found;
        token = result.NextToken;
    }
    return undefined;
}
const RUNNING_STATES = new Set(['PENDING', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']);
/** A poll that survives a transient API failure (after the SDK's own retries) as "pending". */
async function tolerant(poll, log) {
    try {
        return await poll();
    }
    catch (error) {
        if (!(0,retry/* isTransientError */.b)(error))
            throw error;
        log(`  App Runner API error while polling, will poll again: ${error.name}`);
        return { done: false, state: 'unknown (API error)' };
    }
} // prettier-ignore
/**
 * Waits until the operation this call started ends, and returns its final summary (SUCCEEDED or
 * a failure state; the caller decides). Progress lines name the state and the time waited.
 */
async function waitForOperation(client, serviceArn, operationId, timeoutMs, settings) {
    let lastState = '';
    const outcome = await (0,wait/* waitFor */.f)({
        description: `App Runner operation ${operationId}`,
        timeoutMs,
        backoff: settings.backoff,
        ...(settings.clock === undefined ? {} : { clock: settings.clock }),
        ...(settings.signal === undefined ? {} : { signal: settings.signal }),
        poll: () => tolerant(async () => {
            const operation = await findOperation(client, serviceArn, operationId);
            const status = operation?.Status ?? 'PENDING';
            if (operation !== undefined && !RUNNING_STATES.has(status)) {
                return { done: true, value: operation };
            }
            // A new phase (the rollback starting) restarts the delay schedule.
            const changed = lastState !== '' && status !== lastState;
            lastState = status;
            return { done: false, state: status, resetBackoff: changed };
        }, settings.log),
        onPending: (state, elapsedMs) => settings.log(`  operation ${operationId}: ${state} (${(0,core_clock/* formatDuration */.a)(elapsedMs)})`),
    });
    return { operation: outcome.value, elapsedMs: outcome.elapsedMs, polls: outcome.attempts };
}
/**
 * Waits until no operation is in progress on the service (someone else's deployment), bounded,
 * and returns the service as it is then.
 */
async function waitUntilIdle(client, serviceArn, timeoutMs, settings) {
    const outcome = await (0,wait/* waitFor */.f)({
        description: `the operation in progress on ${nameFromArn(serviceArn)} to finish`,
        timeoutMs,
        backoff: settings.backoff,
        ...(settings.clock === undefined ? {} : { clock: settings.clock }),
        ...(settings.signal === undefined ? {} : { signal: settings.signal }),
        poll: () => tolerant(async () => {
            const service = await describeService(client, serviceArn);
            if (service?.Status === 'OPERATION_IN_PROGRESS') {
                return { done: false, state: 'OPERATION_IN_PROGRESS' };
            }
            return { done: true, value: service };
        }, settings.log),
        onPending: (state, elapsedMs) => settings.log(`  service busy: ${state} (waited ${(0,core_clock/* formatDuration */.a)(elapsedMs)})`),
    });
    return outcome.value;
}

// EXTERNAL MODULE: ./src/apprunner/spec.ts
var apprunner_spec = __webpack_require__(1946);
// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(8675);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/deploy-apprunner/deploy.ts








const SUCCESS = {
    create: 'created',
    update: 'updated',
    'start-deployment': 'redeployed',
};
/** Entry from main: builds the client and runs the deployment with the system clock. */
async function deploy(config, signal, log) {
    const client = (0,aws_clients/* createClient */.UU)(dist_cjs/* AppRunnerClient */.fpv, config.aws);
    try {
        return await deployAppRunner(client, config, { signal, log, clock: core_clock/* systemClock */.m, backoff: backoffOf(config) }); // prettier-ignore
    }
    finally {
        client.destroy();
    }
}
/** Polls start at poll-interval and grow by half each time up to max-poll-interval, with jitter. */
function backoffOf(config) {
    // prettier-ignore
    return { initialDelayMs: config.pollIntervalMs, maxDelayMs: config.maxPollIntervalMs, factor: 1.5, jitter: 'equal' }; // prettier-ignore
}
/**
 * Finds the service, waits out someone else's operation, plans the change, applies it with the
 * one call it needs (CreateService, UpdateService or StartDeployment) and waits for that
 * operation's own outcome.
 */
async function deployAppRunner(client, config, settings) {
    const clock = settings.clock ?? core_clock/* systemClock */.m;
    const started = clock.now();
    const { spec } = config;
    const byArn = isServiceArn(config.service);
    settings.log(`Looking up App Runner service ${config.service}`);
    let current = await findService(client, config.service);
    if (current === undefined && byArn) {
        throw new errors/* ConfigurationError */.j1(`no App Runner service has this ARN; to create a service, give its name instead`, 'service');
    }
    if (current?.Status === 'OPERATION_IN_PROGRESS' && config.dryRun) {
        settings.log(`${current.ServiceName} is busy with another operation; the dry run compares with the configuration being deployed`); // prettier-ignore
    }
    else if (current?.Status === 'OPERATION_IN_PROGRESS') {
        settings.log(`${current.ServiceName} is busy with another operation; waiting for it to finish`);
        current = await waitUntilIdle(client, current.ServiceArn ?? '', config.busyTimeoutMs, settings);
    }
    let replacedFailed = false;
    if (current?.Status === 'CREATE_FAILED') {
        if (!config.replaceFailedService) {
            throw new errors/* ConfigurationError */.j1(`service ${current.ServiceName} is in CREATE_FAILED and App Runner cannot update it; ` +
                `set replace-failed-service: true to delete it and create it again`, 'replace-failed-service');
        }
        if (!config.dryRun)
            await deleteFailed(client, current, config, settings);
        replacedFailed = true;
    }
    if (current?.Status === 'DELETE_FAILED') {
        throw new errors/* DeploymentFailedError */.RJ(`service ${current.ServiceName} is in DELETE_FAILED; fix or delete it in the console first`); // prettier-ignore
    }
    const existing = replacedFailed ? undefined : current;
    const serviceName = current?.ServiceName ?? (byArn ? nameFromArn(config.service) : config.service);
    if (existing === undefined && spec.repositoryType === 'ECR' && spec.accessRoleArn === undefined) {
        throw new errors/* ConfigurationError */.j1('creating a service from a private ECR image needs an access role App Runner can assume to pull it', 'access-role-arn');
    }
    const scalingSet = Object.values(spec.autoScaling).some((v) => v !== undefined);
    const scalingArn = existing?.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn;
    const currentScaling = scalingSet && scalingArn !== undefined ? await scalingValues(client, scalingArn) : undefined;
    const tags = existing?.ServiceArn !== undefined && Object.keys(spec.tags).length > 0
        ? await listTags(client, existing.ServiceArn)
        : {};
    const plan = (0,apprunner_plan/* planService */.$b)(existing, currentScaling, spec, tags);
    const scaling = plan.autoScaling === undefined
        ? undefined
        : await resolveScaling(client, spec.autoScalingName ?? serviceName.slice(0, 32), plan.autoScaling, config.dryRun); // prettier-ignore
    const previousImage = existing?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
    let action;
    let note;
    if (existing === undefined)
        action = 'create';
    else if (plan.changes.length > 0)
        action = 'update';
    else if (!(0,apprunner_spec/* isDigestReference */.k)(spec.image)) {
        action = 'start-deployment';
        note = `same tag ${spec.image}: StartDeployment pulls its current content`;
    }
    else if (config.forceDeployment) {
        action = 'start-deployment';
        note = 'nothing changed; force-deployment redeploys the same image';
    }
    else {
        action = 'none';
        note = 'nothing changed: the service already runs this image and configuration';
    }
    const outcome = {
        status: config.dryRun ? 'dry-run' : 'unchanged',
        action,
        serviceName,
        serviceArn: existing?.ServiceArn,
        serviceUrl: urlOf(existing),
        operationId: undefined,
        operationStatus: undefined,
        image: previousImage,
        previousImage,
        requestedImage: spec.image,
        plan,
        scaling,
        replacedFailed,
        elapsedMs: 0,
        ...(note === undefined ? {} : { note }),
    };
    if (config.dryRun)
        return finish(outcome, clock.now() - started);
    if (existing?.ServiceArn !== undefined && plan.tagChanges.length > 0) {
        await client.send(new dist_cjs/* TagResourceCommand */.eqU({
            ResourceArn: existing.ServiceArn,
            Tags: plan.tagChanges.map((c) => ({ Key: c.setting.slice(4), Value: c.after ?? '' })),
        }));
    }
    if (action === 'none')
        return finish(outcome, clock.now() - started);
    const started_ = await startOperation(client, config, existing, serviceName, action, plan, scaling, settings); // prettier-ignore
    outcome.serviceArn = started_.serviceArn;
    outcome.operationId = started_.operationId;
    if (started_.service !== undefined)
        outcome.serviceUrl = urlOf(started_.service);
    settings.log(`${actionText(action)} ${serviceName}: operation ${started_.operationId}`);
    let operationStatus;
    try {
        const waited = await waitForOperation(client, started_.serviceArn, started_.operationId, config.timeoutMs, settings); // prettier-ignore
        operationStatus = waited.operation.Status ?? 'UNKNOWN';
    }
    catch (error) {
        if (!(error instanceof errors/* WaitTimeoutError */.Do))
            throw error;
        outcome.status = 'timed-out';
        outcome.operationStatus = error.lastState;
        outcome.failure = `${error.message}. The operation goes on in App Runner; the step stopped waiting (raise timeout to wait longer).`; // prettier-ignore
        return finish(outcome, clock.now() - started);
    }
    outcome.operationStatus = operationStatus;
    const final = await describeService(client, started_.serviceArn);
    outcome.image =
        final?.Status === 'CREATE_FAILED'
            ? undefined
            : final?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
    outcome.serviceUrl = urlOf(final) ?? outcome.serviceUrl;
    if (operationStatus === 'SUCCEEDED') {
        outcome.status = SUCCESS[action];
    }
    else {
        outcome.status = operationStatus === 'ROLLBACK_SUCCEEDED' ? 'rolled-back' : 'failed';
        outcome.failure = failureText(action, started_.operationId, operationStatus, final, spec.image);
    }
    return finish(outcome, clock.now() - started);
}
function finish(outcome, elapsedMs) {
    outcome.elapsedMs = elapsedMs;
    return outcome;
}
function urlOf(service) {
    return service?.ServiceUrl === undefined ? undefined : `https://${service.ServiceUrl}`;
}
function actionText(action) {
    return action === 'create' ? 'Creating' : action === 'update' ? 'Updating' : 'Redeploying';
}
function failureText(action, operationId, status, service, requested) {
    const running = service?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
    const what = `App Runner operation ${operationId} (${action}) ended ${status}`;
    if (status === 'ROLLBACK_SUCCEEDED') {
        return `${what}: ${requested} did not become healthy (see the service's deployment and application logs) and App Runner rolled back; the service runs ${running ?? 'its previous image'}`; // prettier-ignore
    }
    if (service?.Status === 'CREATE_FAILED') {
        return `${what}: the service is CREATE_FAILED (usually the image failed its health check or could not be pulled); re-run with replace-failed-service: true after fixing it`; // prettier-ignore
    }
    return `${what}; the service is ${service?.Status ?? 'gone'}${running === undefined ? '' : ` and runs ${running}`}`; // prettier-ignore
}
/** The one mutating call; an InvalidStateException (a racing operation) waits and tries again. */
async function startOperation(client, config, existing, serviceName, action, plan, scaling, settings) {
    const arn = existing?.ServiceArn ?? '';
    for (let attempt = 1;; attempt++) {
        try {
            if (action === 'create') {
                const { Service: service, OperationId } = await client.send(new dist_cjs/* CreateServiceCommand */.JkR({
                    ServiceName: serviceName,
                    SourceConfiguration: plan.sourceConfiguration,
                    ...(plan.instanceConfiguration === undefined ? {} : { InstanceConfiguration: plan.instanceConfiguration }), // prettier-ignore
                    ...(plan.healthCheckConfiguration === undefined ? {} : { HealthCheckConfiguration: plan.healthCheckConfiguration }), // prettier-ignore
                    ...(scaling?.arn === undefined ? {} : { AutoScalingConfigurationArn: scaling.arn }),
                    ...(plan.networkConfiguration === undefined ? {} : { NetworkConfiguration: plan.networkConfiguration }), // prettier-ignore
                    ...(plan.observabilityConfiguration === undefined ? {} : { ObservabilityConfiguration: plan.observabilityConfiguration }), // prettier-ignore
                    ...(Object.keys(config.spec.tags).length === 0 ? {} : { Tags: Object.entries(config.spec.tags).map(([Key, Value]) => ({ Key, Value })) }), // prettier-ignore
                }));
                return { serviceArn: service?.ServiceArn ?? '', operationId: OperationId ?? '', service };
            }
            if (action === 'update') {
                const { Service: service, OperationId } = await client.send(new dist_cjs/* UpdateServiceCommand */.kZr({
                    ServiceArn: arn,
                    ...(plan.sourceChanged ? { SourceConfiguration: plan.sourceConfiguration } : {}),
                    ...(plan.instanceConfiguration === undefined ? {} : { InstanceConfiguration: plan.instanceConfiguration }), // prettier-ignore
                    ...(plan.healthCheckConfiguration === undefined ? {} : { HealthCheckConfiguration: plan.healthCheckConfiguration }), // prettier-ignore
                    ...(scaling?.arn === undefined ? {} : { AutoScalingConfigurationArn: scaling.arn }),
                    ...(plan.networkConfiguration === undefined ? {} : { NetworkConfiguration: plan.networkConfiguration }), // prettier-ignore
                    ...(plan.observabilityConfiguration === undefined ? {} : { ObservabilityConfiguration: plan.observabilityConfiguration }), // prettier-ignore
                }));
                return { serviceArn: arn, operationId: OperationId ?? '', service };
            }
            const { OperationId } = await client.send(new dist_cjs/* StartDeploymentCommand */.tWW({ ServiceArn: arn }));
            return { serviceArn: arn, operationId: OperationId ?? '', service: existing };
        }
        catch (error) {
            if (error.name !== 'InvalidStateException' || attempt >= 3 || action === 'create')
                throw error; // prettier-ignore
            settings.log(`${serviceName} became busy (another operation started); waiting, then trying again`); // prettier-ignore
            await waitUntilIdle(client, arn, config.busyTimeoutMs, settings);
        }
    }
}
/** Deletes a CREATE_FAILED service and waits until it is gone, so the name can be reused. */
async function deleteFailed(client, service, config, settings) {
    const arn = service.ServiceArn ?? '';
    settings.log(`Deleting ${service.ServiceName} (CREATE_FAILED) to create it again`);
    await client.send(new dist_cjs/* DeleteServiceCommand */.o6q({ ServiceArn: arn }));
    const gone = await waitUntilIdle(client, arn, config.busyTimeoutMs, settings);
    if (gone !== undefined) {
        throw new errors/* DeploymentFailedError */.RJ(`deleting the CREATE_FAILED service ${service.ServiceName} left it ${gone.Status ?? 'in an unknown state'}`); // prettier-ignore
    }
}


/***/ })

};

//# sourceMappingURL=829.index.js.map