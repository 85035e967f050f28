export const id = 541;
export const ids = [541];
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

/***/ 7541:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(4991);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
// EXTERNAL MODULE: ./src/database/connection.ts
var connection = __webpack_require__(2713);
;// CONCATENATED MODULE: ./src/database/session.ts
function tlsOptions(config) {
    if (config.ssl === 'disable')
        return undefined;
    if (config.ssl === 'require')
        return { rejectUnauthorized: false };
    return { rejectUnauthorized: true, ...(config.sslCa === undefined ? {} : { ca: config.sslCa }) };
}
/** Opens one session. The drivers (`pg`, `mysql2`) are loaded only here, on first use. */
async function openSession(config, options) {
    return config.engine === 'postgres' ? openPostgres(config, options) : openMysql(config, options);
}
async function openPostgres(config, options) {
    const pg = await __webpack_require__.e(/* import() */ 849).then(__webpack_require__.bind(__webpack_require__, 3849));
    const Client = pg.default?.Client ?? pg.Client;
    const ssl = tlsOptions(config);
    const client = new Client({
        host: config.host,
        port: config.port,
        user: config.user,
        password: config.password,
        database: config.database,
        connectionTimeoutMillis: options.connectTimeoutMs,
        application_name: options.applicationName ?? 'run-migrations',
        ...(ssl === undefined ? {} : { ssl }),
    });
    // A session error after connect (server shutdown) must not crash the process: the next query fails.
    client.on('error', () => undefined);
    try {
        await client.connect();
    }
    catch (error) {
        await client.end().catch(() => undefined);
        throw error;
    }
    const query = async (sql, params) => {
        const result = await client.query(sql, params === undefined ? undefined : [...params]);
        return result.rows;
    };
    return {
        engine: 'postgres',
        query,
        async serverVersion() {
            const rows = await query('SHOW server_version');
            return String(rows[0]?.server_version ?? 'unknown');
        },
        async close() {
            await client.end().catch(() => undefined);
        },
    };
}
async function openMysql(config, options) {
    const mysql = await __webpack_require__.e(/* import() */ 588).then(__webpack_require__.t.bind(__webpack_require__, 7588, 19));
    const createConnection = mysql.default?.createConnection ?? mysql.createConnection;
    const ssl = tlsOptions(config);
    const connection = await createConnection({
        ...(ssl === undefined ? {} : { ssl: ssl }),
        host: config.host,
        port: config.port,
        user: config.user,
        password: config.password,
        database: config.database,
        connectTimeout: options.connectTimeoutMs,
        multipleStatements: false,
    });
    connection.on('error', () => undefined);
    // The text protocol (query, not execute): DDL and every statement kind work in it.
    const query = async (sql, params) => {
        const [rows] = params === undefined ? await connection.query(sql) : await connection.query(sql, [...params]);
        return Array.isArray(rows) ? rows : [];
    };
    return {
        engine: 'mysql',
        query,
        async serverVersion() {
            const rows = await query('SELECT VERSION() AS version');
            return String(rows[0]?.version ?? 'unknown');
        },
        async close() {
            await connection.end().catch(() => connection.destroy());
        },
    };
}

;// CONCATENATED MODULE: ./src/database/connect.ts




/** The database refused who we are: retrying would only lock the account or flood the log. */
class DatabaseAuthError extends Error {
    name = 'DatabaseAuthError';
}
const TRANSIENT_NETWORK = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
    'ENOTFOUND',
    'EPIPE',
    'PROTOCOL_CONNECTION_LOST',
    'PROTOCOL_SEQUENCE_TIMEOUT',
]);
/** PostgreSQL SQLSTATEs of a server that is starting, stopping or full. */
const PG_TRANSIENT = new Set(['57P03', '57P01', '57P02', '53300', '08006', '08001', '08004']);
/** MySQL errors of a server that is starting or full: too many connections, server gone. */
const MYSQL_TRANSIENT = new Set([1040, 1053, 2002, 2003, 2006, 2013, 1203]);
const PG_AUTH = new Set(['28P01', '28000']);
const MYSQL_AUTH = new Set([1045, 1044, 1698, 1251]);
/** Wrong password, unknown user, or a user not allowed into the database. */
function isAuthError(error) {
    const e = (error ?? {});
    return ((e.code !== undefined && PG_AUTH.has(e.code)) ||
        (e.errno !== undefined && MYSQL_AUTH.has(e.errno)) ||
        e.code === 'ER_ACCESS_DENIED_ERROR' ||
        e.code === 'ER_DBACCESS_DENIED_ERROR');
}
/** A database that is not reachable yet (starting, restarting, DNS not there yet, full). */
function isTransientConnectError(error) {
    const e = (error ?? {});
    if (e.code !== undefined && (TRANSIENT_NETWORK.has(e.code) || PG_TRANSIENT.has(e.code)))
        return true;
    if (e.errno !== undefined && MYSQL_TRANSIENT.has(e.errno) && !isAuthError(error))
        return true;
    // pg reports a connect timeout and an early close as plain Errors.
    return /timeout expired|Connection terminated unexpectedly|connect ETIMEDOUT/i.test(e.message ?? '');
}
/**
 * Connects, retrying with backoff while the database is still starting (connection refused,
 * "the database system is starting up", DNS not resolving yet) up to `timeoutMs`. Wrong
 * credentials fail at once with a DatabaseAuthError; any other error fails at once too.
 */
async function connectWithRetry(config, options) {
    const open = options.open ?? openSession;
    const target = (0,connection/* describeTarget */.ff)(config);
    const outcome = await (0,wait/* waitFor */.f)({
        description: `the database ${target} to accept connections`,
        timeoutMs: options.timeoutMs,
        backoff: { initialDelayMs: 1000, maxDelayMs: 10_000, factor: 2 },
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onPending: (state, elapsed) => options.log?.(`database not reachable yet (${state}); retrying (${Math.round(elapsed / 1000)}s so far)`),
        poll: async () => {
            try {
                return { done: true, value: await open(config, options) };
            }
            catch (error) {
                if (isAuthError(error)) {
                    throw new DatabaseAuthError(`the database ${target} refused the credentials (${(0,errors/* describeError */.Uc)(error)}); check the user and password in the connection source. Not retried: repeated failed logins can lock the account.`, { cause: error });
                }
                if (!isTransientConnectError(error)) {
                    throw new Error(`cannot connect to ${target}: ${(0,errors/* describeError */.Uc)(error)}`, { cause: error });
                }
                const e = error;
                return { done: false, state: e.code ?? (0,errors/* describeError */.Uc)(error) };
            }
        },
    });
    return outcome.value;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/database/lock.ts



/** Another run holds the migration lock and did not release it within the wait. */
class LockTimeoutError extends Error {
    name = 'LockTimeoutError';
}
/** The PostgreSQL advisory lock key for a lock name: the first 8 bytes of its SHA-256, signed. */
function advisoryKey(name) {
    return (0,external_node_crypto_.createHash)('sha256').update(name).digest().readBigInt64BE(0);
}
/** MySQL lock names are at most 64 characters: long names are shortened with a hash. */
function mysqlLockName(name) {
    if (name.length <= 64)
        return name;
    return `${name.slice(0, 47)}-${(0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 16)}`;
}
/**
 * Takes the session-level migration lock: a PostgreSQL advisory lock (pg_try_advisory_lock) or
 * a MySQL named lock (GET_LOCK). Both belong to the session, not to a transaction, so they are
 * held across every migration's own transaction until released or the connection ends (a
 * crashed runner never leaves a stale lock behind). Waits with backoff for another run to finish,
 * up to `timeoutMs`, then fails with LockTimeoutError ("another migration is running").
 */
async function acquireMigrationLock(session, name, options) {
    const pg = session.engine === 'postgres';
    const key = advisoryKey(name).toString();
    const mysqlName = mysqlLockName(name);
    const tryOnce = async () => {
        if (pg) {
            const rows = await session.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
            return rows[0]?.locked === true;
        }
        const rows = await session.query('SELECT GET_LOCK(?, 0) AS locked', [mysqlName]);
        const locked = rows[0]?.locked;
        if (locked === null || locked === undefined) {
            throw new Error(`GET_LOCK('${mysqlName}') returned NULL: the server could not take the lock`);
        }
        return Number(locked) === 1;
    };
    const holder = async () => {
        try {
            if (pg) {
                const k = BigInt.asUintN(64, BigInt(key));
                const rows = await session.query(`SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1`, [(k >> 32n).toString(), (k & 0xffffffffn).toString()]);
                const row = rows[0];
                if (row === undefined)
                    return 'held by another session';
                return `held by backend ${String(row.pid)} (${String(row.application_name) || 'unknown client'}, connected ${new Date(row.backend_start).toISOString()})`;
            }
            const rows = await session.query('SELECT IS_USED_LOCK(?) AS holder', [mysqlName]);
            const id = rows[0]?.holder;
            return id === null || id === undefined ? 'just released' : `held by connection ${String(id)}`;
        }
        catch {
            return 'held by another session';
        }
    };
    let waited;
    try {
        const outcome = await (0,wait/* waitFor */.f)({
            description: `the migration lock "${name}" (another migration is running)`,
            timeoutMs: options.timeoutMs,
            backoff: {
                initialDelayMs: options.initialDelayMs ?? 500,
                maxDelayMs: options.maxDelayMs ?? 2000,
                factor: 1.5,
            },
            ...(options.clock === undefined ? {} : { clock: options.clock }),
            ...(options.signal === undefined ? {} : { signal: options.signal }),
            poll: async () => (await tryOnce()) ? { done: true, value: true } : { done: false, state: await holder() },
            onPending: (state, elapsed, attempt) => {
                if (attempt === 1 || attempt % 5 === 0) {
                    options.log?.(`another migration is running: the lock "${name}" is ${state}; waiting (${Math.round(elapsed / 1000)}s of ${Math.round(options.timeoutMs / 1000)}s)`);
                }
            },
        });
        waited = outcome.attempts > 1 ? outcome.elapsedMs : 0;
    }
    catch (error) {
        if (error instanceof errors/* WaitTimeoutError */.Do) {
            throw new LockTimeoutError(`another migration is running: the lock "${name}" is ${error.lastState ?? 'held'} and was not released within ${Math.round(options.timeoutMs / 1000)}s (lock-timeout). Nothing was changed by this run.`, { cause: error });
        }
        throw error;
    }
    let released = false;
    return {
        name,
        waitedMs: waited,
        async release() {
            if (released)
                return;
            released = true;
            if (pg)
                await session.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
            else
                await session.query('SELECT RELEASE_LOCK(?)', [mysqlName]);
        },
    };
}

// EXTERNAL MODULE: ./src/database/migration-files.ts
var migration_files = __webpack_require__(9819);
// EXTERNAL MODULE: ./src/database/history.ts
var database_history = __webpack_require__(5273);
;// CONCATENATED MODULE: ./src/database/plan.ts

/** The history and the files disagree in a way that must be fixed by a person. */
class MigrationValidationError extends Error {
    name = 'MigrationValidationError';
}
const plan_short = (checksum) => (checksum ?? 'none').slice(0, 12);
/**
 * Compares the migrations on disk with the history table and decides what to run. Refuses
 * (MigrationValidationError) when an applied file changed, an applied file is gone, a
 * migration failed earlier, or a new file sorts below what is already applied.
 */
function planMigrations(files, history, options) {
    const failed = history.filter((row) => !row.success);
    if (failed.length > 0) {
        const row = failed[failed.length - 1];
        throw new MigrationValidationError(`${row.script} failed in an earlier run and may be partly applied (MySQL DDL and non-transactional statements commit as they run). ` +
            `Repair the schema by hand, then delete its row (success = false, installed_rank ${row.rank}) from ${options.table} and run again.`);
    }
    const baselineRow = [...history].reverse().find((row) => row.type === 'BASELINE');
    const applied = history.filter((row) => row.type === 'SQL');
    const appliedVersions = new Map();
    for (const row of applied)
        if (row.version !== undefined)
            appliedVersions.set(key((0,migration_files/* parseVersion */.ot)(row.version)), row);
    let baselineParts = baselineRow?.version === undefined ? undefined : (0,migration_files/* parseVersion */.ot)(baselineRow.version);
    let newBaseline;
    if (history.length === 0 && options.baselineVersion !== undefined) {
        baselineParts = options.baselineVersion;
        newBaseline = (0,migration_files/* formatVersion */.qh)(options.baselineVersion);
    }
    const versioned = files.filter((f) => f.kind === 'versioned');
    const filesByVersion = new Map(versioned.map((f) => [key(f.versionParts ?? []), f]));
    // Every applied migration must still be there, unchanged.
    let upToDate = 0;
    for (const row of applied) {
        if (row.version === undefined)
            continue;
        const file = filesByVersion.get(key((0,migration_files/* parseVersion */.ot)(row.version)));
        if (file === undefined) {
            throw new MigrationValidationError(`V${row.version} (${row.script}) is applied in the database but missing from the migrations folder. Restore the file (applied migrations must stay), or check that migrations-path points at the right folder.`);
        }
        if (file.checksum !== row.checksum) {
            throw new MigrationValidationError(`checksum drift: ${file.script} was changed after it was applied (history ${plan_short(row.checksum)}…, file ${plan_short(file.checksum)}…). Applied migrations must not change: revert the edit and add a new migration instead.`);
        }
        upToDate++;
    }
    const currentParts = maxVersion([
        ...applied.flatMap((row) => (row.version === undefined ? [] : [(0,migration_files/* parseVersion */.ot)(row.version)])),
        ...(baselineParts === undefined ? [] : [baselineParts]),
    ]);
    if (options.target !== undefined &&
        currentParts !== undefined &&
        (0,migration_files/* compareVersions */.Zy)(options.target, currentParts) < 0) {
        throw new MigrationValidationError(`target ${(0,migration_files/* formatVersion */.qh)(options.target)} is below the current version ${(0,migration_files/* formatVersion */.qh)(currentParts)}; migrations are never undone: use a new migration to revert a change`);
    }
    const pending = [];
    const belowBaseline = [];
    const aboveTarget = [];
    for (const file of versioned) {
        const parts = file.versionParts ?? [];
        if (appliedVersions.has(key(parts)))
            continue;
        if (baselineParts !== undefined && (0,migration_files/* compareVersions */.Zy)(parts, baselineParts) <= 0) {
            belowBaseline.push(file);
            continue;
        }
        if (options.target !== undefined && (0,migration_files/* compareVersions */.Zy)(parts, options.target) > 0) {
            aboveTarget.push(file);
            continue;
        }
        if (currentParts !== undefined && (0,migration_files/* compareVersions */.Zy)(parts, currentParts) < 0) {
            throw new MigrationValidationError(`${file.script} (version ${file.version}) is new but sorts below the applied version ${(0,migration_files/* formatVersion */.qh)(currentParts)}; out-of-order migrations are refused. Give it a version above ${(0,migration_files/* formatVersion */.qh)(currentParts)}.`);
        }
        pending.push(file);
    }
    // Repeatable migrations run (after the versioned ones) when new or changed.
    const latestRepeatable = new Map();
    for (const row of applied)
        if (row.version === undefined)
            latestRepeatable.set(row.description, row);
    for (const file of files.filter((f) => f.kind === 'repeatable')) {
        const row = latestRepeatable.get(file.description);
        if (row !== undefined && row.checksum === file.checksum) {
            upToDate++;
            continue;
        }
        pending.push(file);
    }
    const plan = { pending, belowBaseline, aboveTarget, upToDate };
    if (newBaseline !== undefined)
        plan.baseline = newBaseline;
    if (currentParts !== undefined)
        plan.currentVersion = (0,migration_files/* formatVersion */.qh)(currentParts);
    return plan;
}
function key(parts) {
    const out = [...parts];
    while (out.length > 1 && out[out.length - 1] === 0)
        out.pop();
    return out.join('.');
}
function maxVersion(versions) {
    let max;
    for (const v of versions)
        if (max === undefined || (0,migration_files/* compareVersions */.Zy)(v, max) > 0)
            max = v;
    return max;
}

;// CONCATENATED MODULE: ./src/database/sql-split.ts
/**
 * Splits a SQL script into statements at top-level `;`, the way psql and the mysql client do:
 * quotes ('...', "...", `...` in MySQL), E'' strings, PostgreSQL dollar quotes ($$ / $tag$),
 * line and (nested, in PostgreSQL) block comments are kept whole. MySQL scripts may change the
 * delimiter with the client's `DELIMITER //` command (for procedures and triggers).
 * Statements that are only comments are dropped.
 */
function splitStatements(script, engine) {
    const text = script.replace(/^\uFEFF/, '');
    const statements = [];
    let delimiter = ';';
    let start = 0;
    let line = 1;
    let startLine = 1;
    let i = 0;
    let hasCode = false;
    const push = (end) => {
        const sql = text.slice(start, end).trim();
        if (hasCode && sql !== '') {
            statements.push({
                index: statements.length + 1,
                line: startLine + leadingLines(text.slice(start, end)),
                sql,
            });
        }
        hasCode = false;
    };
    while (i < text.length) {
        const ch = text[i];
        const next = text[i + 1];
        // The MySQL client's DELIMITER command, at the start of a line.
        if (engine === 'mysql' &&
            !hasCode &&
            /^delimiter[ \t]/i.test(text.slice(i, i + 10)) &&
            atLineStart(text, i)) {
            const end = text.indexOf('\n', i);
            const stop = end === -1 ? text.length : end;
            delimiter = text.slice(i + 10, stop).trim() || ';';
            i = stop;
            start = i;
            startLine = line;
            continue;
        }
        if (ch === '\n') {
            line++;
            i++;
            continue;
        }
        if (ch === '-' && next === '-') {
            i = skipTo(text, i, '\n');
            continue;
        }
        if (engine === 'mysql' && ch === '#') {
            i = skipTo(text, i, '\n');
            continue;
        }
        if (ch === '/' && next === '*') {
            const end = skipBlockComment(text, i, engine === 'postgres');
            line += countLines(text.slice(i, end));
            // MySQL executable comments (/*! ... */) are code.
            if (engine === 'mysql' && text[i + 2] === '!')
                hasCode = true;
            i = end;
            continue;
        }
        if (text.startsWith(delimiter, i)) {
            push(i);
            i += delimiter.length;
            start = i;
            startLine = line;
            continue;
        }
        hasCode ||= !/\s/.test(ch);
        if (ch === "'" || ch === '"' || (engine === 'mysql' && ch === '`')) {
            const backslash = engine === 'mysql'
                ? ch !== '`'
                : ch === "'" && /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '');
            const end = skipQuoted(text, i, ch, backslash);
            line += countLines(text.slice(i, end));
            i = end;
            continue;
        }
        if (engine === 'postgres' && ch === '$') {
            const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
            if (tag !== null && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
                const close = text.indexOf(tag[0], i + tag[0].length);
                const end = close === -1 ? text.length : close + tag[0].length;
                line += countLines(text.slice(i, end));
                i = end;
                continue;
            }
        }
        i++;
    }
    push(text.length);
    return statements;
}
function atLineStart(text, i) {
    const before = text.slice(text.lastIndexOf('\n', i - 1) + 1, i);
    return before.trim() === '';
}
function skipTo(text, i, what) {
    const end = text.indexOf(what, i);
    return end === -1 ? text.length : end;
}
function skipBlockComment(text, i, nested) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
        if (text.startsWith('/*', j)) {
            depth = nested ? depth + 1 : 1;
            j += 2;
        }
        else if (text.startsWith('*/', j)) {
            depth--;
            j += 2;
            if (depth === 0)
                return j;
        }
        else {
            j++;
        }
    }
    return text.length;
}
function skipQuoted(text, i, quote, backslash) {
    let j = i + 1;
    while (j < text.length) {
        const c = text[j];
        if (backslash && c === '\\') {
            j += 2;
            continue;
        }
        if (c === quote) {
            if (text[j + 1] === quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j++;
    }
    return text.length;
}
function countLines(text) {
    let n = 0;
    for (const c of text)
        if (c === '\n')
            n++;
    return n;
}
/** Lines before the first character that is not whitespace or part of a comment-only line. */
function leadingLines(chunk) {
    let lines = 0;
    for (const raw of chunk.split('\n')) {
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('--') || trimmed.startsWith('#')) {
            lines++;
            continue;
        }
        break;
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/database/migrator.ts





/** A statement of a migration failed; names the file, the statement and where it is. */
class MigrationFailedError extends Error {
    script;
    statement;
    partiallyApplied;
    name = 'MigrationFailedError';
    constructor(message, script, statement, 
    /** True when the statements before the failing one stay applied. */
    partiallyApplied, options) {
        super(message, options);
        this.script = script;
        this.statement = statement;
        this.partiallyApplied = partiallyApplied;
    }
}
/** Statements PostgreSQL refuses inside a transaction block. */
const PG_NO_TRANSACTION = [
    /^\s*(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i,
    /^\s*REINDEX\b[^;]*\bCONCURRENTLY\b/i,
    /^\s*(CREATE|DROP)\s+DATABASE\b/i,
    /^\s*(CREATE|DROP)\s+TABLESPACE\b/i,
    /^\s*ALTER\s+SYSTEM\b/i,
    /^\s*VACUUM\b/i,
    /^\s*ALTER\s+TABLE\b[^;]*\bDETACH\s+PARTITION\b[^;]*\bCONCURRENTLY\b/i,
];
const NO_TRANSACTION_DIRECTIVE = /^\s*--\s*run-migrations:\s*no-transaction\b/im;
/** MySQL statements that do not commit implicitly (everything else, DDL, does). */
const MYSQL_TRANSACTIONAL = /^\s*(INSERT|UPDATE|DELETE|REPLACE|SELECT|SET|DO|CALL|WITH)\b/i;
/** Why a file runs outside a transaction, or undefined when it runs inside one. */
function nonTransactionalReason(file, statements, engine) {
    if (engine === 'mysql')
        return undefined;
    if (NO_TRANSACTION_DIRECTIVE.test(file.sql))
        return 'the file asks for it (-- run-migrations:no-transaction)';
    const statement = statements.find((s) => PG_NO_TRANSACTION.some((re) => re.test(stripLeadingComments(s.sql))));
    if (statement === undefined)
        return undefined;
    const head = stripLeadingComments(statement.sql).split(/\s+/).slice(0, 4).join(' ');
    return `statement ${statement.index} (${head} …) cannot run inside a transaction in PostgreSQL`;
}
function stripLeadingComments(sql) {
    return sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, '');
}
/**
 * Applies the pending migrations in order, each in its own transaction where the engine allows,
 * recording each in the history table in the same transaction. The caller holds the migration
 * lock for the whole call. In a dry run nothing is written: the plan is returned.
 */
async function migrate(session, files, options) {
    const now = options.now ?? Date.now;
    const history = new database_history/* HistoryTable */.P(session, options.table);
    const rows = await history.rows();
    const plan = planMigrations(files, rows, {
        table: options.table,
        ...(options.target === undefined ? {} : { target: options.target }),
        ...(options.baselineVersion === undefined ? {} : { baselineVersion: options.baselineVersion }),
    });
    const highestPending = [...plan.pending].reverse().find((f) => f.kind === 'versioned')?.version;
    if (options.dryRun) {
        return {
            plan,
            applied: [],
            ...versionField(highestPending ?? plan.baseline ?? plan.currentVersion),
            pendingCount: plan.pending.length,
        };
    }
    await history.create();
    if (plan.baseline !== undefined) {
        await history.insert({
            version: plan.baseline,
            description: '<< baseline >>',
            type: 'BASELINE',
            script: '<< baseline >>',
            installedBy: options.installedBy,
            executionTimeMs: 0,
            success: true,
        });
        options.log(`Recorded baseline version ${plan.baseline}: migrations up to it are treated as applied`);
    }
    if (session.engine === 'mysql' && plan.pending.length > 0) {
        options.log('MySQL/MariaDB commits every DDL statement (CREATE, ALTER, DROP...) implicitly: a migration that fails half-way leaves the statements before the failure applied, and is recorded as failed.');
    }
    const applied = [];
    for (const file of plan.pending) {
        if (options.signal?.aborted) {
            throw new errors/* CancelledError */.cc(`cancelled before ${file.script}; ${applied.length} migration(s) were applied before it`);
        }
        const migration = await applyOne(session, history, file, options, now);
        applied.push(migration);
        options.onApplied?.(migration);
    }
    let current = plan.currentVersion;
    for (const m of applied) {
        if (m.version !== undefined &&
            (current === undefined || (0,migration_files/* compareVersions */.Zy)((0,migration_files/* parseVersion */.ot)(m.version), (0,migration_files/* parseVersion */.ot)(current)) > 0)) {
            current = m.version;
        }
    }
    current ??= plan.baseline;
    return { plan, applied, ...versionField(current), pendingCount: 0 };
}
function versionField(version) {
    return version === undefined ? {} : { currentVersion: version };
}
async function applyOne(session, history, file, options, now) {
    const statements = splitStatements(file.sql, session.engine);
    const noTxReason = nonTransactionalReason(file, statements, session.engine);
    const transactional = noTxReason === undefined;
    const label = file.kind === 'versioned' ? `V${file.version} ${file.description}` : `R ${file.description}`;
    options.log(`Applying ${label} (${file.script}): ${statements.length} statement${statements.length === 1 ? '' : 's'}` +
        (transactional
            ? session.engine === 'postgres'
                ? ' in one transaction'
                : ' (DDL commits implicitly)'
            : `, outside a transaction: ${noTxReason}`));
    const started = now();
    if (transactional)
        await session.query(session.engine === 'postgres' ? 'BEGIN' : 'START TRANSACTION');
    let committedSoFar = false;
    for (const statement of statements) {
        try {
            await session.query(statement.sql);
            if (!transactional ||
                (session.engine === 'mysql' &&
                    !MYSQL_TRANSACTIONAL.test(stripLeadingComments(statement.sql)))) {
                committedSoFar = true;
            }
        }
        catch (error) {
            if (transactional)
                await session.query('ROLLBACK').catch(() => undefined);
            const partial = committedSoFar;
            if (partial) {
                await history
                    .insert({
                    ...(file.version === undefined ? {} : { version: file.version }),
                    description: file.description,
                    type: 'SQL',
                    script: file.script,
                    checksum: file.checksum,
                    installedBy: options.installedBy,
                    executionTimeMs: now() - started,
                    success: false,
                })
                    .catch(() => undefined);
            }
            throw new MigrationFailedError(failureMessage(file, statement, error, partial, transactional, session.engine, options.table), file.script, statement, partial, { cause: error });
        }
    }
    const durationMs = now() - started;
    await history.insert({
        ...(file.version === undefined ? {} : { version: file.version }),
        description: file.description,
        type: 'SQL',
        script: file.script,
        checksum: file.checksum,
        installedBy: options.installedBy,
        executionTimeMs: durationMs,
        success: true,
    });
    if (transactional)
        await session.query('COMMIT');
    return {
        ...(file.version === undefined ? {} : { version: file.version }),
        description: file.description,
        script: file.script,
        kind: file.kind,
        durationMs,
        statements: statements.length,
        transactional,
    };
}
function failureMessage(file, statement, error, partial, transactional, engine, table) {
    const e = error;
    const code = e.code ?? e.sqlState;
    const text = stripLeadingComments(statement.sql).replace(/\s+/g, ' ').trim();
    const shown = text.length > 200 ? `${text.slice(0, 197)}...` : text;
    let outcome;
    if (partial) {
        outcome =
            engine === 'mysql' && transactional
                ? `The statements before it stay applied (MySQL commits DDL implicitly) and ${file.script} is recorded as failed in ${table}: repair the schema, delete that row, and run again.`
                : `It ran outside a transaction, so the statements before it stay applied; ${file.script} is recorded as failed in ${table}: repair the schema, delete that row, and run again.`;
    }
    else {
        outcome = `The migration was rolled back; nothing of ${file.script} was applied and the history is unchanged.`;
    }
    return `${file.script} failed at statement ${statement.index} (line ${statement.line}): ${shown}\n${(0,errors/* describeError */.Uc)(error)}${code === undefined ? '' : ` [${code}]`}\n${outcome}`;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
;// CONCATENATED MODULE: ./src/run-migrations/command.ts



/** The environment a migration tool gets: the runner's, plus the connection under the names asked for. */
function commandEnvironment(config, env) {
    const out = {};
    for (const [name, part] of env) {
        const value = (0,connection/* connectionPart */.YL)(config, part);
        // A URL rebuilt from parts is a new string holding the password: mask it too.
        if (part === 'url' || part === 'password')
            (0,mask/* maskSecret */.$l)(value);
        out[name] = value;
    }
    return out;
}
/**
 * Runs the user's migration tool (`sh -c command`) with the connection in its environment. Its
 * output streams straight to the job log (where the runner masks every registered secret); the
 * exit code is returned. Cancellation sends SIGTERM, then SIGKILL after a grace period.
 */
async function runCommand(config, options) {
    const started = Date.now();
    const child = (0,external_node_child_process_.spawn)('sh', ['-c', options.command], {
        cwd: options.workingDirectory,
        env: { ...process.env, ...commandEnvironment(config, options.env) },
        stdio: ['ignore', 'inherit', 'inherit'],
    });
    let killTimer;
    const onAbort = () => {
        child.kill('SIGTERM');
        killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 10_000);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
        const [exitCode, signal] = await new Promise((resolve, reject) => {
            child.once('error', reject);
            child.once('close', (code, sig) => resolve([code, sig]));
        });
        return { exitCode, signal, durationMs: Date.now() - started };
    }
    finally {
        options.signal?.removeEventListener('abort', onAbort);
        if (killTimer !== undefined)
            clearTimeout(killTimer);
    }
}

// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(8675);
;// CONCATENATED MODULE: ./src/run-migrations/ecs-task.ts






/** RunTask's startedBy for every migration task of one lock (at most 36 characters). */
function migrationTaskTag(lockName) {
    return `run-migrations-${(0,external_node_crypto_.createHash)('sha256').update(lockName).digest('hex').slice(0, 20)}`;
}
/**
 * Runs the migration command as a one-off ECS task inside the VPC (the image's own tool, with the
 * connection from the task definition's secrets), streaming its CloudWatch log lines and failing
 * on a non-zero exit code. Runs of the same lock are serialised at the ECS level: before starting,
 * it waits (up to lock-timeout) until no earlier task tagged with this lock is still running.
 * This is best effort (two runs that check at the same instant can both start): the database lock
 * belongs to the tool in the task, and a GitHub `concurrency` group closes the gap.
 */
async function runMigrationTask(aws, task, lockName, lockTimeoutMs, signal) {
    const { ECSClient, ListTasksCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(212)]).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
    const { CloudWatchLogsClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(303)]).then(__webpack_require__.t.bind(__webpack_require__, 303, 19));
    const { runOneOffTask } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(212), __webpack_require__.e(303), __webpack_require__.e(115)]).then(__webpack_require__.bind(__webpack_require__, 7115));
    const ecs = (0,aws_clients/* createClient */.UU)(ECSClient, aws);
    const logs = (0,aws_clients/* createClient */.UU)(CloudWatchLogsClient, aws);
    const tag = migrationTaskTag(lockName);
    try {
        let waitedMs = 0;
        try {
            const outcome = await (0,wait/* waitFor */.f)({
                description: `earlier migration tasks of "${lockName}" to finish`,
                timeoutMs: lockTimeoutMs,
                backoff: { initialDelayMs: 2000, maxDelayMs: 15_000 },
                signal,
                poll: async () => {
                    const running = await ecs.send(new ListTasksCommand({
                        cluster: task.cluster,
                        startedBy: tag,
                        desiredStatus: 'RUNNING',
                    }));
                    const arns = running.taskArns ?? [];
                    if (arns.length === 0)
                        return { done: true, value: true };
                    return {
                        done: false,
                        state: `task ${arns.map((a) => a.split('/').pop()).join(', ')} running`,
                    };
                },
                onPending: (state, elapsed, attempt) => {
                    if (attempt === 1 || attempt % 5 === 0) {
                        core/* info */.pq(`another migration is running (${state}); waiting (${Math.round(elapsed / 1000)}s)`);
                    }
                },
            });
            waitedMs = outcome.attempts > 1 ? outcome.elapsedMs : 0;
        }
        catch (error) {
            if (error instanceof errors/* WaitTimeoutError */.Do) {
                throw new LockTimeoutError(`another migration is running: ${error.lastState ?? 'an earlier task'} in ${task.cluster} did not finish within the lock-timeout. Nothing was started.`, { cause: error });
            }
            throw error;
        }
        const result = await runOneOffTask({
            ecs,
            logs,
            cluster: task.cluster,
            ...(task.taskDefinition === undefined ? {} : { taskDefinition: task.taskDefinition }),
            ...(task.service === undefined ? {} : { copyFromService: task.service }),
            containerName: task.container,
            ...(task.image === undefined ? {} : { image: task.image }),
            command: task.command,
            ...(task.subnets.length === 0
                ? {}
                : {
                    networkConfiguration: {
                        awsvpcConfiguration: {
                            subnets: task.subnets,
                            ...(task.securityGroups.length === 0
                                ? {}
                                : { securityGroups: task.securityGroups }),
                            ...(task.assignPublicIp === undefined
                                ? {}
                                : { assignPublicIp: task.assignPublicIp }),
                        },
                    },
                }),
            startedBy: tag,
            timeoutMs: task.timeoutMs,
            signal,
            onLogLine: (line) => core/* info */.pq(line.container === task.container ? line.message : `[${line.container}] ${line.message}`),
            onProgress: (message) => core/* info */.pq(message),
            onWarning: (message) => core/* warning */.$e(message),
        });
        return { result, waitedMs };
    }
    finally {
        ecs.destroy();
        logs.destroy();
    }
}

// EXTERNAL MODULE: ./src/run-migrations/inputs.ts
var run_migrations_inputs = __webpack_require__(8768);
// EXTERNAL MODULE: ./src/core/clock.ts
var clock = __webpack_require__(2257);
// EXTERNAL MODULE: ./src/core/summary.ts
var core_summary = __webpack_require__(1363);
;// CONCATENATED MODULE: ./src/run-migrations/report.ts





/** The applied output: one object per migration this run applied. */
function appliedJson(applied) {
    return JSON.stringify(applied.map((m) => ({
        ...(m.version === undefined ? {} : { version: m.version }),
        description: m.description,
        script: m.script,
        type: m.kind,
        durationMs: Math.round(m.durationMs),
    })));
}
function writeOutputs(report) {
    core/* setOutput */.uH('status', report.status);
    core/* setOutput */.uH('applied', appliedJson(report.result?.applied ?? []));
    core/* setOutput */.uH('current-version', report.result?.currentVersion ?? '');
    core/* setOutput */.uH('pending-count', String(report.result?.pendingCount ?? 0));
}
/** Outputs of a run that failed part-way: what was applied before the failure. */
function writePartialOutputs(applied) {
    core/* setOutput */.uH('applied', appliedJson(applied));
}
function summaryFor(report) {
    const summary = new core_summary/* SummaryBuilder */.CF().heading('Database migrations', 3);
    const { result } = report;
    const headline = {
        applied: `Applied ${result?.applied.length ?? 0} migration(s)`,
        'up-to-date': 'Up to date: nothing to apply',
        planned: `Dry run: ${result?.plan.pending.length ?? 0} migration(s) would run; nothing was changed`,
        'command-succeeded': 'Migration command succeeded',
        'task-succeeded': 'Migration task in the VPC succeeded',
    };
    summary.status(true, headline[report.status]);
    summary.facts([
        [report.status === 'task-succeeded' ? 'Ran as' : 'Database', report.target],
        ['Lock', `${report.lockName} (waited ${(0,clock/* formatDuration */.a)(report.lockWaitedMs)})`],
        ['Current version', result?.currentVersion],
        ['Already applied', result === undefined ? undefined : String(result.plan.upToDate)],
        ['Command', report.command?.command],
        [
            'Command time',
            report.command === undefined ? undefined : (0,clock/* formatDuration */.a)(report.command.durationMs),
        ],
    ]);
    if (result === undefined)
        return summary;
    const engine = report.engine ?? 'postgres';
    if (report.status === 'planned') {
        summary.table(['Version', 'Script', 'Transaction'], result.plan.pending.map((file) => {
            const reason = nonTransactionalReason(file, splitStatements(file.sql, engine), engine);
            const tx = engine === 'mysql'
                ? 'DDL commits implicitly'
                : reason === undefined
                    ? 'yes'
                    : `no: ${reason}`;
            return [file.version ?? 'repeatable', file.script, tx];
        }));
        if (result.plan.baseline !== undefined)
            summary.paragraph(`Would record baseline version ${result.plan.baseline}.`);
    }
    else if (result.applied.length > 0) {
        summary.table(['Version', 'Description', 'Script', 'Statements', 'Duration'], result.applied.map((m) => [
            m.version ?? 'repeatable',
            m.description,
            m.script,
            m.statements,
            (0,clock/* formatDuration */.a)(m.durationMs),
        ]));
    }
    if (result.plan.aboveTarget.length > 0) {
        summary.paragraph(`Left for later (above the target): ${result.plan.aboveTarget.map((f) => f.script).join(', ')}`);
    }
    return summary;
}

;// CONCATENATED MODULE: ./src/secrets/read-secret.ts



/** Reads a secret's string value from Secrets Manager, masked. */
async function readSecretsManagerValue(settings, ref) {
    const { SecretsManagerClient, GetSecretValueCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(994)]).then(__webpack_require__.t.bind(__webpack_require__, 2994, 19));
    const client = (0,aws_clients/* createClient */.UU)(SecretsManagerClient, settings);
    try {
        const result = await client.send(new GetSecretValueCommand({
            SecretId: ref.id,
            ...(ref.versionStage === undefined ? {} : { VersionStage: ref.versionStage }),
            ...(ref.versionId === undefined ? {} : { VersionId: ref.versionId }),
        }));
        let value = result.SecretString;
        if (value === undefined && result.SecretBinary !== undefined) {
            value = Buffer.from(result.SecretBinary).toString('utf8');
        }
        if (value === undefined || value === '') {
            throw new errors/* ConfigurationError */.j1(`the secret ${ref.id} has no value`, ref.input);
        }
        maskValue(value);
        return value;
    }
    catch (error) {
        throw explain(error, ref, `secret ${ref.id}`, 'secretsmanager:GetSecretValue', settings.region);
    }
    finally {
        client.destroy();
    }
}
/** Reads an SSM parameter (SecureString decrypted), masked. */
async function readSsmParameter(settings, ref) {
    const { SSMClient, GetParameterCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(736)]).then(__webpack_require__.t.bind(__webpack_require__, 4736, 19));
    const client = (0,aws_clients/* createClient */.UU)(SSMClient, settings);
    try {
        const result = await client.send(new GetParameterCommand({ Name: ref.id, WithDecryption: true }));
        const value = result.Parameter?.Value;
        if (value === undefined || value === '') {
            throw new errors/* ConfigurationError */.j1(`the parameter ${ref.id} has no value`, ref.input);
        }
        maskValue(value);
        return value;
    }
    catch (error) {
        throw explain(error, ref, `parameter ${ref.id}`, 'ssm:GetParameter', settings.region);
    }
    finally {
        client.destroy();
    }
}
/** Masks a secret value, and every value inside it when it is a JSON document. */
function maskValue(value) {
    (0,mask/* maskSecret */.$l)(value);
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        try {
            (0,mask/* maskJsonValues */.Xb)(JSON.parse(trimmed));
        }
        catch {
            // Not JSON after all: the whole value is masked already.
        }
    }
}
/**
 * Parses a JSON secret into an object. The values were masked when the secret was read; the
 * error never includes the text.
 */
function parseJsonSecret(text, ref) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`the value of ${ref.id} starts like JSON but is not valid JSON`, ref.input);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new errors/* ConfigurationError */.j1(`the value of ${ref.id} is JSON but not an object of keys`, ref.input);
    }
    return parsed;
}
function explain(error, ref, what, permission, region) {
    if (error instanceof errors/* ConfigurationError */.j1)
        return error;
    const name = error.name;
    switch (name) {
        case 'ResourceNotFoundException':
        case 'ParameterNotFound':
        case 'ParameterVersionNotFound':
            return new errors/* ConfigurationError */.j1(`no ${what} in ${region}: check the name or ARN, and the region`, ref.input);
        case 'AccessDeniedException':
        case 'AccessDenied':
            return new Error(`not allowed to read the ${what}: the role needs ${permission} on it (and kms:Decrypt on its key if it uses a customer-managed key)`, {
                cause: error,
            });
        case 'DecryptionFailure':
        case 'InvalidKeyId':
            return new Error(`the ${what} cannot be decrypted with its KMS key (${name}): check the key is enabled and the role has kms:Decrypt on it`, {
                cause: error,
            });
        default:
            return new Error(`reading the ${what} failed: ${(0,errors/* describeError */.Uc)(error)}`, { cause: error });
    }
}

;// CONCATENATED MODULE: ./src/run-migrations/resolve-connection.ts




const realReaders = {
    secretsManager: readSecretsManagerValue,
    ssm: readSsmParameter,
};
/**
 * Turns the connection inputs into a DatabaseConfig: a URL input, or a Secrets Manager secret /
 * SSM parameter holding a URL or a JSON document (RDS's shape by default). Inputs such as
 * database-host complete or override what the secret holds. Credentials are masked on arrival.
 */
async function resolveConnection(inputs, aws, readers = realReaders) {
    const { source } = inputs;
    let text;
    if (source.kind === 'url')
        text = source.url;
    else if (source.kind === 'secretsmanager')
        text = await readers.secretsManager(aws, { id: source.id, input: source.input });
    else
        text = await readers.ssm(aws, { id: source.id, input: source.input });
    (0,mask/* maskSecret */.$l)(text);
    const trimmed = text.trim();
    let base;
    if (trimmed.startsWith('{')) {
        base = fromJson(parseJsonSecret(trimmed, { id: sourceName(inputs), input: source.input }), inputs);
    }
    else {
        base = (0,connection/* parseDatabaseUrl */.mx)(trimmed, source.input);
    }
    const engine = inputs.engine ?? base.engine;
    if (engine === undefined) {
        throw new errors/* ConfigurationError */.j1(`the connection does not say which engine it is (no "${inputs.secretKeys.engine}" key): set the engine input to postgres or mysql`, 'engine');
    }
    const config = {
        engine,
        host: inputs.host ?? base.host ?? missing('host', inputs, 'database-host'),
        port: inputs.port ?? base.port ?? (0,connection/* defaultPort */.L5)(engine),
        user: base.user ?? missing('user', inputs, inputs.source.input),
        password: base.password ?? '',
        database: inputs.database ?? base.database ?? missing('database', inputs, 'database-name'),
        ssl: inputs.ssl ?? base.ssl ?? 'disable',
        ...(inputs.sslCa === undefined ? {} : { sslCa: inputs.sslCa }),
    };
    (0,connection/* maskConnection */.Pj)(config);
    return config;
}
function sourceName(inputs) {
    return inputs.source.kind === 'url' ? 'database-url' : inputs.source.id;
}
function missing(part, inputs, input) {
    throw new errors/* ConfigurationError */.j1(`the connection has no ${part}: the secret has no "${inputs.secretKeys[part]}" key (rename it with secret-keys) and the ${input} input is empty`, input);
}
function fromJson(document, inputs) {
    const keys = inputs.secretKeys;
    const text = (key) => {
        const value = document[key];
        if (value === undefined || value === null || value === '')
            return undefined;
        if (typeof value !== 'string' && typeof value !== 'number') {
            throw new errors/* ConfigurationError */.j1(`the key "${key}" of the secret is not a string or number`, inputs.source.input);
        }
        return String(value);
    };
    const password = text(keys.password);
    if (password !== undefined)
        (0,mask/* maskSecret */.$l)(password);
    const engineText = text(keys.engine);
    let engine;
    if (engineText !== undefined) {
        engine = (0,connection/* engineOf */.ky)(engineText);
        if (engine === undefined && inputs.engine === undefined) {
            throw new errors/* ConfigurationError */.j1(`the secret's "${keys.engine}" is ${JSON.stringify(engineText)}, which is neither PostgreSQL nor MySQL; set the engine input`, 'engine');
        }
    }
    const portText = text(keys.port);
    let port;
    if (portText !== undefined) {
        port = Number(portText);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
            throw new errors/* ConfigurationError */.j1(`the secret's "${keys.port}" is not a port number`, inputs.source.input);
        }
    }
    const result = {};
    if (engine !== undefined)
        result.engine = engine;
    const host = text(keys.host);
    if (host !== undefined)
        result.host = host;
    if (port !== undefined)
        result.port = port;
    const user = text(keys.user);
    if (user !== undefined)
        result.user = user;
    if (password !== undefined)
        result.password = password;
    const database = text(keys.database);
    if (database !== undefined)
        result.database = database;
    return result;
}

;// CONCATENATED MODULE: ./src/run-migrations/main.ts












/** Applies the migrations exactly once under a database lock, then reports what ran. */
async function run({ signal }) {
    const inputs = (0,run_migrations_inputs.readInputs)();
    if (inputs.ecsTask !== undefined) {
        await runInVpc(inputs, inputs.ecsTask, signal);
        return;
    }
    // Misnamed files are configuration errors: find them before connecting to anything.
    const files = inputs.mode.kind === 'sql' ? (0,migration_files/* readMigrationFiles */.IE)(inputs.mode.folder) : [];
    const config = await resolveConnection(inputs.connection, inputs.aws);
    const target = (0,connection/* describeTarget */.ff)(config);
    const session = await core/* group */.Os(`Connecting to ${target}`, () => connectWithRetry(config, {
        timeoutMs: inputs.connectTimeoutMs,
        connectTimeoutMs: 10_000,
        signal,
        log: (line) => core/* info */.pq(line),
    }));
    try {
        core/* info */.pq(`Connected: ${await session.serverVersion()}`);
        const report = await underLock(session, config, inputs, signal, (lockName, lockWaitedMs) => execute(session, config, inputs.mode, files, signal, {
            target,
            engine: config.engine,
            lockName,
            lockWaitedMs,
        }));
        writeOutputs(report);
        await summaryFor(report).write();
    }
    finally {
        await session.close();
    }
}
/** The migration as a one-off ECS task in the VPC, for databases the runner cannot reach. */
async function runInVpc(inputs, task, signal) {
    const lockName = inputs.lockName ?? 'run-migrations';
    const { result, waitedMs } = await runMigrationTask(inputs.aws, task, lockName, inputs.lockTimeoutMs, signal);
    const report = {
        target: `ECS task ${result.taskId} in ${task.cluster}`,
        lockName,
        lockWaitedMs: waitedMs,
        status: 'task-succeeded',
        command: { command: task.command.join(' '), durationMs: result.durationMs, exitCode: 0 },
    };
    writeOutputs(report);
    await summaryFor(report).write();
}
async function underLock(session, config, inputs, signal, body) {
    const lockName = inputs.lockName ?? `run-migrations:${config.database}`;
    const lock = await acquireMigrationLock(session, lockName, {
        timeoutMs: inputs.lockTimeoutMs,
        signal,
        log: (line) => core/* info */.pq(line),
    });
    core/* info */.pq(`Holding the migration lock "${lockName}"${lock.waitedMs > 0 ? ` (waited ${Math.round(lock.waitedMs)}ms)` : ''}`);
    try {
        return await body(lockName, lock.waitedMs);
    }
    finally {
        await lock
            .release()
            .catch((error) => core/* warning */.$e(`could not release the migration lock: ${String(error)}; it ends with the session`));
        core/* info */.pq(`Released the migration lock "${lockName}"`);
    }
}
async function execute(session, config, mode, files, signal, base) {
    if (mode.kind === 'command') {
        core/* info */.pq(`Running: ${mode.command}`);
        const outcome = await runCommand(config, { ...mode, signal });
        if (outcome.exitCode !== 0) {
            throw new errors/* DeploymentFailedError */.RJ(outcome.signal === null
                ? `the migration command exited with code ${outcome.exitCode}`
                : `the migration command was stopped by ${outcome.signal}`);
        }
        return {
            ...base,
            status: 'command-succeeded',
            command: { command: mode.command, durationMs: outcome.durationMs, exitCode: 0 },
        };
    }
    const applied = [];
    try {
        const result = await core/* group */.Os(mode.dryRun ? 'Planning migrations (dry run)' : 'Applying migrations', () => migrate(session, files, {
            table: mode.table,
            dryRun: mode.dryRun,
            ...(mode.target === undefined ? {} : { target: mode.target }),
            ...(mode.baselineVersion === undefined ? {} : { baselineVersion: mode.baselineVersion }),
            installedBy: installedBy(),
            signal,
            log: (line) => core/* info */.pq(line),
            onApplied: (m) => applied.push(m),
        }));
        if (mode.dryRun) {
            for (const file of result.plan.pending)
                core/* info */.pq(`Would apply ${file.script}`);
        }
        const status = mode.dryRun ? 'planned' : result.applied.length > 0 ? 'applied' : 'up-to-date';
        return { ...base, status, result };
    }
    catch (error) {
        writePartialOutputs(applied);
        throw error;
    }
}
function installedBy() {
    const actor = process.env.GITHUB_ACTOR ?? 'unknown';
    const run = process.env.GITHUB_RUN_ID === undefined ? '' : ` run ${process.env.GITHUB_RUN_ID}`;
    return `${actor}${run}`.slice(0, 100);
}


/***/ })

};

//# sourceMappingURL=541.index.js.map