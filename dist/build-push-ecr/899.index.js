export const id = 899;
export const ids = [899];
export const modules = {

/***/ 7899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  setOutputs: () => (/* binding */ setOutputs),
  summarize: () => (/* binding */ summarize)
});

// UNUSED EXPORTS: imageReference

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var lib_core = __webpack_require__(8630);
// EXTERNAL MODULE: ./src/core/clock.ts
var clock = __webpack_require__(2257);
;// CONCATENATED MODULE: ./src/core/progress.ts


/** Progress lines for long work: items and bytes done of total, rate and elapsed time. */
class ProgressReporter {
    options;
    items = 0;
    bytes = 0;
    started;
    lastLine;
    clock;
    log;
    constructor(options) {
        this.options = options;
        this.clock = options.clock ?? systemClock;
        this.log = options.log ?? ((line) => core.info(line));
        this.started = this.clock.now();
        this.lastLine = this.started;
    }
    /** Records finished work and prints a line when the interval has passed. */
    advance(items, bytes = 0) {
        this.items += items;
        this.bytes += bytes;
        const now = this.clock.now();
        if (now - this.lastLine >= (this.options.intervalMs ?? 5000)) {
            this.lastLine = now;
            this.log(this.line());
        }
    }
    line() {
        const elapsed = this.clock.now() - this.started;
        let text = `${this.options.label}: ${this.items}/${this.options.totalItems}`;
        if (this.options.totalBytes !== undefined) {
            text += `, ${formatBytes(this.bytes)}/${formatBytes(this.options.totalBytes)}`;
            if (elapsed > 0)
                text += `, ${formatBytes((this.bytes * 1000) / elapsed)}/s`;
        }
        return `${text}, ${formatDuration(elapsed)} elapsed`;
    }
    /** Prints the final line. */
    finish() {
        this.log(this.line());
    }
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${Math.round(bytes)} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KB`;
    if (bytes < 1024 * 1024 * 1024)
        return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
;// CONCATENATED MODULE: ./src/build-push-ecr/report.ts




/** `registry/repo@sha256:...`: the immutable reference every later step deploys. */
function imageReference(result) {
    return `${result.repository.uri}@${result.digest}`;
}
function setOutputs(result) {
    lib_core/* setOutput */.uH('image', imageReference(result));
    lib_core/* setOutput */.uH('digest', result.digest);
    lib_core/* setOutput */.uH('tags', result.tags.join(','));
    lib_core/* setOutput */.uH('registry', result.repository.registry);
    lib_core/* setOutput */.uH('repository-uri', result.repository.uri);
    lib_core/* setOutput */.uH('skipped', String(result.skipped));
}
function summarize(result) {
    const what = result.mode === 'promote'
        ? `Promoted ${result.digest} to ${result.tags.join(', ')}`
        : result.skipped
            ? `Already built: ${result.repository.name}:${result.tags[0] ?? ''} exists, build skipped`
            : `Built and pushed ${result.repository.name}:${result.tags[0] ?? ''}`;
    return new summary/* SummaryBuilder */.CF()
        .heading('build-push-ecr', 3)
        .status(true, what)
        .facts([
        ['Image', imageReference(result)],
        ['Digest', result.digest],
        ['Tags', result.tags.join(', ')],
        ['Size', result.sizeInBytes === undefined ? undefined : formatBytes(result.sizeInBytes)],
        ['Builder', result.builder],
        ['Build time', result.buildMs === undefined ? undefined : (0,clock/* formatDuration */.a)(result.buildMs)],
        [
            'Push time',
            result.pushMs === undefined || result.pushMs === 0
                ? undefined
                : (0,clock/* formatDuration */.a)(result.pushMs),
        ],
        ['Skipped', result.mode === 'build' ? String(result.skipped) : undefined],
        [
            'Tagged through the API',
            result.retagged.length === 0 ? undefined : result.retagged.join(', '),
        ],
        [
            'Repository changes',
            result.repositoryChanges.length === 0 ? undefined : result.repositoryChanges.join('; '),
        ],
    ]);
}


/***/ })

};

//# sourceMappingURL=899.index.js.map