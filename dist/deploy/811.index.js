export const id = 811;
export const ids = [811];
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

/***/ 7811:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SHA1_METADATA: () => (/* binding */ SHA1_METADATA),
/* harmony export */   SiteBucket: () => (/* binding */ SiteBucket)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3711);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4991);
/* harmony import */ var _core_aws_clients__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8675);
/* harmony import */ var _core_concurrency__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8904);
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _core_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7253);







/** Files up to this size are read whole for their upload (memory stays below concurrency x this). */
const SMALL_FILE = 1024 * 1024;
/** The SigV4 header naming the payload's hash (or UNSIGNED-PAYLOAD). */
const PAYLOAD_HASH = 'x-amz-content-sha256';
/** The user metadata that carries a file's content identity. */
const SHA1_METADATA = 'content-sha1';
/**
 * The bucket as the sync sees it: every request goes through one concurrency limit, uploads
 * stream from disk (a fresh stream per attempt, so retries after a reset or a SlowDown resend
 * the whole body), and each upload carries its SHA-1 so S3 verifies what it stored.
 */
class SiteBucket {
    options;
    limit;
    client;
    /** Streams cannot be replayed by the SDK's own retries: these requests retry here. */
    uploads;
    maxAttempts;
    constructor(settings, options) {
        this.options = options;
        const base = (0,_core_aws_clients__WEBPACK_IMPORTED_MODULE_2__/* .clientConfig */ .yO)(settings, 's3');
        const requestHandler = {
            httpAgent: { keepAlive: true, maxSockets: options.concurrency },
            httpsAgent: { keepAlive: true, maxSockets: options.concurrency },
        };
        this.client = new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .S3Client */ .YxF({ ...base, requestHandler });
        this.uploads = new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .S3Client */ .YxF({ ...base, maxAttempts: 1, requestHandler });
        // SigV4 would otherwise SHA-256 every in-memory body just to sign it: a third pass over the
        // bytes, about a tenth of a first upload's CPU. S3 accepts an unsigned payload; the content is
        // still verified end to end by the SHA-1 checksum S3 checks on arrival (and by TLS).
        this.uploads.middlewareStack.add((next) => (args) => {
            const request = args.request;
            if (request.headers !== undefined)
                request.headers[PAYLOAD_HASH] = 'UNSIGNED-PAYLOAD';
            return next(args);
        }, { step: 'build', name: 'unsignedPayload' });
        this.maxAttempts = settings.maxAttempts;
        this.limit = (0,_core_concurrency__WEBPACK_IMPORTED_MODULE_6__/* .createLimit */ .K)(options.concurrency);
    }
    destroy() {
        this.client.destroy();
        this.uploads.destroy();
    }
    get bucket() {
        return this.options.bucket;
    }
    retrying(description, fn) {
        return (0,_core_retry__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L)(fn, {
            description,
            maxAttempts: this.maxAttempts,
            isRetryable: _core_retry__WEBPACK_IMPORTED_MODULE_4__/* .isTransientError */ .b,
            backoff: { initialDelayMs: 200, maxDelayMs: 5000 },
            ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
            onRetry: (error, attempt, delay) => _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`${description}: attempt ${attempt} failed (${(0,_core_errors__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(error)}), retrying in ${delay} ms`),
        });
    }
    call(fn) {
        return this.limit(() => fn(this.client, this.abort()));
    }
    /** Every object under the prefix (ListObjectsV2, 1,000 a page). */
    async list(prefix) {
        const objects = [];
        let token;
        do {
            const page = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .ListObjectsV2Command */ .u6x({
                Bucket: this.bucket,
                Prefix: prefix,
                ...(token === undefined ? {} : { ContinuationToken: token }),
            }), o));
            for (const item of page.Contents ?? []) {
                objects.push({ key: item.Key ?? '', size: item.Size ?? 0, etag: item.ETag ?? '' });
            }
            token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
        } while (token !== undefined);
        return objects;
    }
    async head(key) {
        try {
            const head = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .HeadObjectCommand */ .l81({ Bucket: this.bucket, Key: key }), o));
            const sha1 = head.Metadata?.[SHA1_METADATA];
            return {
                etag: head.ETag ?? '',
                ...(sha1 === undefined ? {} : { sha1 }),
                ...(head.ContentType === undefined ? {} : { contentType: head.ContentType }),
                ...(head.CacheControl === undefined ? {} : { cacheControl: head.CacheControl }),
                ...(head.ContentEncoding === undefined ? {} : { contentEncoding: head.ContentEncoding }),
            };
        }
        catch (error) {
            if (error.$metadata?.httpStatusCode === 404)
                return undefined;
            throw error;
        }
    }
    async getJson(key) {
        const result = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .GetObjectCommand */ .jLs({ Bucket: this.bucket, Key: key }), o));
        return JSON.parse((await result.Body?.transformToString()) ?? 'null');
    }
    async putJson(key, value) {
        await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .PutObjectCommand */ .wKZ({
            Bucket: this.bucket,
            Key: key,
            Body: JSON.stringify(value),
            ContentType: 'application/json',
            CacheControl: 'no-cache',
            ...this.acl(),
        }), o));
    }
    /** No ACL header unless asked: buckets created today have ACLs disabled and reject them. */
    acl() {
        return this.options.acl === undefined ? {} : { ACL: this.options.acl };
    }
    objectFields(file) {
        return {
            ContentType: file.headers.contentType,
            CacheControl: file.headers.cacheControl,
            ...(file.headers.contentEncoding === undefined
                ? {}
                : { ContentEncoding: file.headers.contentEncoding }),
            Metadata: { [SHA1_METADATA]: file.sha1 },
        };
    }
    /** Uploads a file (in parts past the threshold); returns the new ETag. */
    async upload(file, key, onBytes) {
        if (file.partSha1 !== undefined && file.size >= this.options.multipartThreshold)
            return this.uploadParts(file, key, onBytes);
        const etag = await this.limit(() => this.retrying(`upload ${file.path}`, async () => {
            const result = await this.uploads.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .PutObjectCommand */ .wKZ({
                Bucket: this.bucket,
                Key: key,
                // Small files in one synchronous read: from the page cache it takes microseconds,
                // where fs/promises' open, fstat, read and close cost this thread ~0.4 ms per file.
                // Big ones streamed.
                Body: file.size <= SMALL_FILE
                    ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file.absolute)
                    : (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file.absolute),
                ContentLength: file.size,
                ChecksumSHA1: Buffer.from(file.sha1, 'hex').toString('base64'),
                ...this.objectFields(file),
                ...this.acl(),
            }), this.abort());
            return result.ETag ?? '';
        }));
        onBytes(file.size);
        return etag;
    }
    abort() {
        return this.options.signal === undefined ? {} : { abortSignal: this.options.signal };
    }
    async uploadParts(file, key, onBytes) {
        const created = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .CreateMultipartUploadCommand */ .nG4({
            Bucket: this.bucket,
            Key: key,
            ChecksumAlgorithm: 'SHA1',
            ...this.objectFields(file),
            ...this.acl(),
        }), o));
        const uploadId = created.UploadId ?? '';
        const partSize = this.options.partSize;
        try {
            const parts = await Promise.all((file.partSha1 ?? []).map((sha1, index) => this.limit(() => this.retrying(`upload ${file.path} part ${index + 1}`, async () => {
                const start = index * partSize;
                const end = Math.min(file.size, start + partSize) - 1;
                const result = await this.uploads.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .UploadPartCommand */ .iVK({
                    Bucket: this.bucket,
                    Key: key,
                    UploadId: uploadId,
                    PartNumber: index + 1,
                    Body: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file.absolute, { start, end }),
                    ContentLength: end - start + 1,
                    ChecksumSHA1: sha1,
                }), this.abort());
                onBytes(end - start + 1);
                return { PartNumber: index + 1, ETag: result.ETag ?? '', ChecksumSHA1: sha1 };
            }))));
            const done = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .CompleteMultipartUploadCommand */ .Gym({
                Bucket: this.bucket,
                Key: key,
                UploadId: uploadId,
                MultipartUpload: { Parts: parts },
            }), o));
            return done.ETag ?? '';
        }
        catch (error) {
            await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .AbortMultipartUploadCommand */ .tfP({ Bucket: this.bucket, Key: key, UploadId: uploadId }), o)).catch(() => undefined);
            throw error;
        }
    }
    /**
     * Server-side copy. With `headers`, the object's headers and content-sha1 are replaced;
     * without, they are copied from the source. Returns the new ETag.
     */
    async copy(from, to, replace) {
        const source = `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
        const result = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .CopyObjectCommand */ .s9Z({
            Bucket: this.bucket,
            Key: to,
            CopySource: source,
            ...(replace === undefined
                ? { MetadataDirective: 'COPY' }
                : {
                    MetadataDirective: 'REPLACE',
                    ContentType: replace.headers.contentType,
                    CacheControl: replace.headers.cacheControl,
                    ...(replace.headers.contentEncoding === undefined
                        ? {}
                        : { ContentEncoding: replace.headers.contentEncoding }),
                    Metadata: { [SHA1_METADATA]: replace.sha1 },
                }),
            ...this.acl(),
        }), o));
        return result.CopyObjectResult?.ETag ?? '';
    }
    /** Deletes keys in batches of 1,000; any per-key error fails the step. */
    async delete(keys) {
        const batches = [];
        for (let i = 0; i < keys.length; i += 1000)
            batches.push(keys.slice(i, i + 1000));
        await Promise.all(batches.map(async (batch) => {
            const result = await this.call((c, o) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .DeleteObjectsCommand */ .xvx({
                Bucket: this.bucket,
                Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
            }), o));
            const failed = result.Errors ?? [];
            if (failed.length > 0) {
                throw new Error(`could not delete ${failed.length} objects, e.g. ${failed[0]?.Key}: ${failed[0]?.Code} ${failed[0]?.Message ?? ''}`);
            }
        }));
    }
}


/***/ })

};

//# sourceMappingURL=811.index.js.map