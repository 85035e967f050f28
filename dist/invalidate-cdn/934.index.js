export const id = 934;
export const ids = [934];
export const modules = {

/***/ 3934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Cdn: () => (/* binding */ Cdn)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-cjs/index.js
var dist_cjs = __webpack_require__(3169);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(6875);
// EXTERNAL MODULE: ./src/core/aws-clients.ts + 1 modules
var aws_clients = __webpack_require__(9370);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/clock.ts
var core_clock = __webpack_require__(2257);
;// CONCATENATED MODULE: ./src/core/retry.ts



const DEFAULT_BACKOFF = { initialDelayMs: 1000, maxDelayMs: 20_000 };
/**
 * Runs `fn` until it succeeds, the error is not retryable, or attempts run out. A
 * ConfigurationError is never retried. When attempts run out, the last error is thrown with
 * "<description> failed after N attempts" in front of its message. An abort of `signal` stops
 * the retries: the last error is thrown as it is, or a CancelledError when the abort came
 * during the delay.
 */
async function retry(fn, options) {
    const clock = options.clock ?? systemClock;
    const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            const retryable = !(error instanceof ConfigurationError) && options.isRetryable(error);
            if (!retryable || options.signal?.aborted)
                throw error;
            if (attempt >= maxAttempts) {
                if (error instanceof Error) {
                    error.message = `${options.description} failed after ${attempt} attempts: ${describeError(error)}`;
                }
                throw error;
            }
            const delay = backoffDelay(attempt - 1, backoff);
            options.onRetry?.(error, attempt, delay);
            try {
                await clock.sleep(delay, options.signal);
            }
            catch (sleepError) {
                if (options.signal?.aborted) {
                    throw new CancelledError(`Cancelled while retrying ${options.description} after ${attempt} attempts: ${describeError(error)}`);
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
    if (error instanceof errors/* ConfigurationError */.j1)
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

;// CONCATENATED MODULE: ./src/core/backoff.ts
/** The delay before retry/poll number `attempt` (0-based). */
function backoff_backoffDelay(attempt, options) {
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

;// CONCATENATED MODULE: ./src/core/wait.ts



const wait_DEFAULT_BACKOFF = { initialDelayMs: 2000, maxDelayMs: 30_000, factor: 1.5 };
/**
 * Polls until `poll` reports done, with backoff and jitter, never past the deadline. The last
 * poll happens at the deadline rather than after it, so a wait never overshoots its budget.
 */
async function waitFor(options) {
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs < 0) {
        throw new RangeError(`waitFor(${options.description}): timeoutMs must be a finite number >= 0`);
    }
    const clock = options.clock ?? core_clock/* systemClock */.m;
    const backoff = { ...wait_DEFAULT_BACKOFF, ...options.backoff };
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
            throw new errors/* WaitTimeoutError */.Do(`Timed out after ${(0,core_clock/* formatDuration */.a)(elapsedMs)} waiting for ${options.description}; ` +
                `last state: ${lastState}`, lastState);
        }
        if (result.resetBackoff === true)
            backoffStep = 0;
        const delay = Math.min(backoff_backoffDelay(backoffStep, backoff), remaining);
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
        throw new errors/* CancelledError */.cc(`Cancelled while waiting for ${description}${state}`);
    }
}

;// CONCATENATED MODULE: ./src/invalidate-cdn/invalidation.ts






/** CloudFront calls of invalidate-cdn, sharing one deadline for retries and waiting. */
class Cdn {
    options;
    client;
    deadline;
    constructor(settings, options) {
        this.options = options;
        this.client = (0,aws_clients/* createClient */.UU)(dist_cjs/* CloudFrontClient */.GHk, settings);
        this.deadline = (options.clock?.now() ?? Date.now()) + options.timeoutMs;
    }
    destroy() {
        this.client.destroy();
    }
    remaining() {
        return Math.max(1, this.deadline - (this.options.clock?.now() ?? Date.now()));
    }
    /** The distribution whose aliases (CNAMEs) or CloudFront domain name include `alias`. */
    async findByAlias(alias) {
        const seen = [];
        for await (const page of (0,dist_cjs/* paginateListDistributions */.zQE)({ client: this.client }, {})) {
            for (const summary of page.DistributionList?.Items ?? []) {
                const names = [...(summary.Aliases?.Items ?? []), summary.DomainName ?? ''].map((n) => n.toLowerCase());
                if (names.includes(alias))
                    return summary.Id ?? '';
                seen.push(...(summary.Aliases?.Items ?? []));
            }
        }
        throw new errors/* ConfigurationError */.j1(`no distribution has the alias ${alias} (aliases seen: ${seen.slice(0, 10).join(', ') || 'none'})`, 'alias');
    }
    /**
     * Creates the invalidation, waiting out TooManyInvalidationsInProgress and 5xx errors until
     * the deadline. The CallerReference makes every attempt (and every re-run) the same request.
     */
    async create(distributionId, paths, callerReference) {
        const outcome = await waitFor({
            description: `CloudFront to accept the invalidation of ${paths.length} paths on ${distributionId}`,
            timeoutMs: this.remaining(),
            backoff: {
                initialDelayMs: this.options.pollIntervalMs,
                maxDelayMs: Math.max(this.options.pollIntervalMs, 60_000),
            },
            ...this.common(),
            poll: async () => {
                try {
                    const result = await this.client.send(new dist_cjs/* CreateInvalidationCommand */.Yo6({
                        DistributionId: distributionId,
                        InvalidationBatch: {
                            CallerReference: callerReference,
                            Paths: { Quantity: paths.length, Items: [...paths] },
                        },
                    }), this.abort());
                    return {
                        done: true,
                        value: {
                            distributionId,
                            id: result.Invalidation?.Id ?? '',
                            status: result.Invalidation?.Status ?? '',
                        },
                    };
                }
                catch (error) {
                    const name = error.name;
                    if (name === 'TooManyInvalidationsInProgress' || isTransientError(error)) {
                        core/* info */.pq(`CloudFront answered ${name ?? (0,errors/* describeError */.Uc)(error)}; trying again`);
                        return { done: false, state: name ?? 'error' };
                    }
                    throw error;
                }
            },
        });
        return outcome.value;
    }
    /** Waits for Completed (the SDK waiter gives up after 10 minutes; invalidations can take longer). */
    async waitCompleted(ref) {
        if (ref.status === 'Completed')
            return ref;
        const outcome = await waitFor({
            description: `invalidation ${ref.id} on ${ref.distributionId} to complete`,
            timeoutMs: this.remaining(),
            backoff: {
                initialDelayMs: this.options.pollIntervalMs,
                maxDelayMs: Math.max(this.options.pollIntervalMs, 30_000),
            },
            ...this.common(),
            onPending: (state, elapsed) => core/* info */.pq(`invalidation ${ref.id}: ${state} after ${Math.round(elapsed / 1000)}s`),
            poll: async () => {
                try {
                    const got = await this.client.send(new dist_cjs/* GetInvalidationCommand */.Wwh({ DistributionId: ref.distributionId, Id: ref.id }), this.abort());
                    const status = got.Invalidation?.Status ?? 'unknown';
                    return status === 'Completed'
                        ? { done: true, value: { ...ref, status } }
                        : { done: false, state: status };
                }
                catch (error) {
                    if (isTransientError(error))
                        return { done: false, state: `error: ${(0,errors/* describeError */.Uc)(error)}` };
                    throw error;
                }
            },
        });
        return outcome.value;
    }
    common() {
        return {
            ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
            ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
        };
    }
    abort() {
        return this.options.signal === undefined ? {} : { abortSignal: this.options.signal };
    }
}


/***/ })

};

//# sourceMappingURL=934.index.js.map