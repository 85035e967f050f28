export const id = 176;
export const ids = [176];
export const modules = {

/***/ 6176:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   setOutputs: () => (/* binding */ setOutputs),
/* harmony export */   summarize: () => (/* binding */ summarize)
/* harmony export */ });
/* unused harmony export imageReference */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4991);
/* harmony import */ var _core_clock__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2257);
/* harmony import */ var _core_progress__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4664);
/* harmony import */ var _core_summary__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1363);




/** `registry/repo@sha256:...`: the immutable reference every later step deploys. */
function imageReference(result) {
    return `${result.repository.uri}@${result.digest}`;
}
function setOutputs(result) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('image', imageReference(result));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('digest', result.digest);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('tags', result.tags.join(','));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('registry', result.repository.registry);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('repository-uri', result.repository.uri);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('skipped', String(result.skipped));
}
function summarize(result) {
    const what = result.mode === 'promote'
        ? `Promoted ${result.digest} to ${result.tags.join(', ')}`
        : result.skipped
            ? `Already built: ${result.repository.name}:${result.tags[0] ?? ''} exists, build skipped`
            : `Built and pushed ${result.repository.name}:${result.tags[0] ?? ''}`;
    return new _core_summary__WEBPACK_IMPORTED_MODULE_3__/* .SummaryBuilder */ .CF()
        .heading('build-push-ecr', 3)
        .status(true, what)
        .facts([
        ['Image', imageReference(result)],
        ['Digest', result.digest],
        ['Tags', result.tags.join(', ')],
        ['Size', result.sizeInBytes === undefined ? undefined : (0,_core_progress__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z)(result.sizeInBytes)],
        ['Builder', result.builder],
        ['Build time', result.buildMs === undefined ? undefined : (0,_core_clock__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(result.buildMs)],
        [
            'Push time',
            result.pushMs === undefined || result.pushMs === 0
                ? undefined
                : (0,_core_clock__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(result.pushMs),
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


/***/ }),

/***/ 4664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ ProgressReporter),
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4991);
/* harmony import */ var _clock__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2257);


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
        this.clock = options.clock ?? _clock__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m;
        this.log = options.log ?? ((line) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(line));
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
        return `${text}, ${(0,_clock__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(elapsed)} elapsed`;
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


/***/ })

};

//# sourceMappingURL=176.index.js.map