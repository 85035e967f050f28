export const id = 41;
export const ids = [41];
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

/***/ 41:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RDS_SECRET_KEYS: () => (/* binding */ RDS_SECRET_KEYS),
  readInputs: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(379);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/aws-clients.ts
var aws_clients = __webpack_require__(675);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(114);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(239);
;// CONCATENATED MODULE: ./src/database/connection.ts


/** The parts a connection can be exported as (command mode). */
const CONNECTION_PARTS = [
    'url',
    'host',
    'port',
    'user',
    'password',
    'database',
    'engine',
];
const DEFAULT_PORTS = { postgres: 5432, mysql: 3306 };
/** Engine names used in URLs, RDS secrets and inputs. */
function engineOf(name) {
    const n = name.toLowerCase().replace(/:$/, '');
    if (['postgres', 'postgresql', 'aurora-postgresql', 'pg'].includes(n))
        return 'postgres';
    if (['mysql', 'mariadb', 'aurora-mysql', 'aurora'].includes(n))
        return 'mysql';
    return undefined;
}
function defaultPort(engine) {
    return DEFAULT_PORTS[engine];
}
/**
 * Masks the credentials of a connection: the password (with its URL- and JSON-encoded forms) and
 * the whole URL. Call it the moment a connection is read. The user name is an identifier like the
 * host (the RDS console shows it); it is never printed, but masking a short word such as `app`
 * would garble every log line that contains it.
 */
function maskConnection(config, url) {
    maskSecret(config.password);
    if (url !== undefined)
        maskSecret(url);
}
/**
 * Parses postgres://, postgresql://, mysql:// or mariadb:// URLs. The password and user are
 * masked before anything else can fail; errors never echo the URL.
 */
function parseDatabaseUrl(url, input) {
    maskSecret(url);
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new ConfigurationError('is not a database URL; expected postgres://user:password@host:5432/database or mysql://user:password@host:3306/database', input);
    }
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    maskConnection({ password }, url);
    const engine = engineOf(parsed.protocol);
    if (engine === undefined) {
        throw new ConfigurationError(`has the scheme ${JSON.stringify(parsed.protocol)}; expected postgres://, postgresql://, mysql:// or mariadb://`, input);
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (parsed.hostname === '')
        throw new ConfigurationError('names no host', input);
    if (user === '')
        throw new ConfigurationError('names no user (user:password@host)', input);
    if (database === '')
        throw new ConfigurationError('names no database (…@host:port/database)', input);
    const sslParam = parsed.searchParams.get('sslmode') ?? parsed.searchParams.get('ssl');
    const ssl = sslParam === null ? undefined : sslModeOf(sslParam, input);
    return {
        engine,
        host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: parsed.port === '' ? DEFAULT_PORTS[engine] : Number(parsed.port),
        user,
        password,
        database,
        ...(ssl === undefined ? {} : { ssl }),
    };
}
function sslModeOf(value, input) {
    switch (value) {
        case 'disable':
        case 'false':
        case 'allow':
        case 'prefer':
            return 'disable';
        case 'require':
        case 'true':
        case 'no-verify':
            return 'require';
        case 'verify-ca':
        case 'verify-full':
            return 'verify-full';
        default:
            throw new ConfigurationError(`has sslmode=${JSON.stringify(value)}; expected disable, require or verify-full`, input);
    }
}
/** A URL for the connection, as tools such as Prisma, Knex or Alembic read it. */
function connectionUrl(config) {
    const scheme = config.engine === 'postgres' ? 'postgres' : 'mysql';
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const base = `${scheme}://${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}@${host}:${config.port}/${encodeURIComponent(config.database)}`;
    if (config.ssl === 'disable')
        return base;
    return config.engine === 'postgres' ? `${base}?sslmode=${config.ssl}` : `${base}?ssl=true`;
}
/** One part of the connection as text, for exporting to a command's environment. */
function connectionPart(config, part) {
    switch (part) {
        case 'url':
            return connectionUrl(config);
        case 'host':
            return config.host;
        case 'port':
            return String(config.port);
        case 'user':
            return config.user;
        case 'password':
            return config.password;
        case 'database':
            return config.database;
        case 'engine':
            return config.engine;
    }
}
/** Where the connection goes, without credentials: `postgres 10.0.1.5:5432/app`. */
function describeTarget(config) {
    return `${config.engine} ${config.host}:${config.port}/${config.database}`;
}

;// CONCATENATED MODULE: ./src/database/history.ts

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Checks the history-table input: `name` or `schema.name`, plain identifiers only. */
function checkTableName(name, input = 'history-table') {
    const parts = name.split('.');
    if (parts.length > 2 || parts.some((part) => !IDENTIFIER.test(part))) {
        throw new errors/* ConfigurationError */.j1(`expected a table name such as schema_history or public.schema_history (letters, digits, underscores), got ${JSON.stringify(name)}`, input);
    }
    return name;
}
function quoted(engine, name) {
    const q = engine === 'postgres' ? '"' : '`';
    return name
        .split('.')
        .map((part) => `${q}${part}${q}`)
        .join('.');
}
/** The history table: one row per applied (or, on MySQL, failed) migration. */
class HistoryTable {
    session;
    name;
    table;
    constructor(session, name) {
        this.session = session;
        this.name = name;
        this.table = quoted(session.engine, name);
    }
    get pg() {
        return this.session.engine === 'postgres';
    }
    async exists() {
        const [schema, table] = this.name.includes('.') ? this.name.split('.') : [undefined, this.name];
        const rows = this.pg
            ? await this.session.query(`SELECT 1 FROM information_schema.tables WHERE table_name = $1 AND table_schema = COALESCE($2, current_schema())`, [table, schema ?? null])
            : await this.session.query(`SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = COALESCE(?, DATABASE())`, [table, schema ?? null]);
        return rows.length > 0;
    }
    async create() {
        const sql = this.pg
            ? `CREATE TABLE IF NOT EXISTS ${this.table} (
          installed_rank INTEGER NOT NULL PRIMARY KEY,
          version VARCHAR(50),
          description VARCHAR(200) NOT NULL,
          type VARCHAR(20) NOT NULL,
          script VARCHAR(1000) NOT NULL,
          checksum VARCHAR(64),
          installed_by VARCHAR(100) NOT NULL,
          installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
          execution_time INTEGER NOT NULL,
          success BOOLEAN NOT NULL)`
            : `CREATE TABLE IF NOT EXISTS ${this.table} (
          installed_rank INT NOT NULL PRIMARY KEY,
          version VARCHAR(50),
          description VARCHAR(200) NOT NULL,
          type VARCHAR(20) NOT NULL,
          script VARCHAR(1000) NOT NULL,
          checksum VARCHAR(64),
          installed_by VARCHAR(100) NOT NULL,
          installed_on TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
          execution_time INT NOT NULL,
          success BOOLEAN NOT NULL) ENGINE=InnoDB`;
        await this.session.query(sql);
    }
    /** Every row in the order they were installed; empty when the table does not exist. */
    async rows() {
        if (!(await this.exists()))
            return [];
        const rows = await this.session.query(`SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_time, success FROM ${this.table} ORDER BY installed_rank`);
        return rows.map((row) => ({
            rank: Number(row.installed_rank),
            ...(row.version === null || row.version === undefined
                ? {}
                : { version: String(row.version) }),
            description: String(row.description),
            type: row.type === 'BASELINE' ? 'BASELINE' : 'SQL',
            script: String(row.script),
            ...(row.checksum === null || row.checksum === undefined
                ? {}
                : { checksum: String(row.checksum) }),
            installedBy: String(row.installed_by),
            installedOn: new Date(row.installed_on),
            executionTimeMs: Number(row.execution_time),
            success: row.success === true || Number(row.success) === 1,
        }));
    }
    /** Appends a row (in the caller's transaction, if one is open). */
    async insert(row) {
        const values = [
            row.version ?? null,
            row.description.slice(0, 200),
            row.type,
            row.script.slice(0, 1000),
            row.checksum ?? null,
            row.installedBy.slice(0, 100),
            Math.round(row.executionTimeMs),
            row.success,
        ];
        const sql = this.pg
            ? `INSERT INTO ${this.table} (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
         SELECT COALESCE(MAX(installed_rank), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8 FROM ${this.table}`
            : `INSERT INTO ${this.table} (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
         SELECT COALESCE(MAX(installed_rank), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM ${this.table} AS h`;
        await this.session.query(sql, values);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
;// CONCATENATED MODULE: ./src/database/migration-files.ts




const VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;
/** Flyway's undo (U) and baseline (B) scripts: recognised, and refused with a clear reason. */
const OTHER_FLYWAY = /^[UB]\d+(?:[._]\d+)*__.+\.sql$/;
/** Parses `1_2` / `1.2` into [1, 2]; leading zeros are not significant, as in Flyway. */
function parseVersion(text) {
    return text.split(/[._]/).map((part) => Number(part));
}
function formatVersion(parts) {
    return parts.join('.');
}
/** Orders versions part by part; a missing part counts as 0 (1 == 1.0). */
function compareVersions(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const diff = (a[i] ?? 0) - (b[i] ?? 0);
        if (diff !== 0)
            return diff;
    }
    return 0;
}
function checksumOf(sql) {
    const normalised = sql.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
/**
 * Reads a migrations folder (recursively): `V<version>__<description>.sql` versioned and
 * `R__<description>.sql` repeatable scripts, Flyway's naming. Any other `.sql` file is an
 * error (a misnamed migration must not be skipped silently); other files are ignored.
 */
function readMigrationFiles(folder, input = 'migrations-path') {
    let entries;
    try {
        if (!statSync(folder).isDirectory())
            throw new Error('not a folder');
        entries = listSqlFiles(folder);
    }
    catch {
        throw new ConfigurationError(`the folder ${JSON.stringify(folder)} does not exist or is not a folder`, input);
    }
    const files = [];
    const misnamed = [];
    for (const absolutePath of entries) {
        const script = path.relative(folder, absolutePath).split(path.sep).join('/');
        const base = path.basename(absolutePath);
        const sql = readFileSync(absolutePath, 'utf8');
        const versioned = VERSIONED.exec(base);
        const repeatable = REPEATABLE.exec(base);
        if (versioned !== null) {
            const parts = parseVersion(versioned[1]);
            files.push({
                kind: 'versioned',
                version: formatVersion(parts),
                versionParts: parts,
                description: describe(versioned[2]),
                script,
                absolutePath,
                checksum: checksumOf(sql),
                sql,
            });
        }
        else if (repeatable !== null) {
            files.push({
                kind: 'repeatable',
                description: describe(repeatable[1]),
                script,
                absolutePath,
                checksum: checksumOf(sql),
                sql,
            });
        }
        else if (OTHER_FLYWAY.test(base)) {
            throw new ConfigurationError(`${script}: undo (U) and baseline (B) scripts are not supported; remove it, or use the baseline-version input instead of a B script`, input);
        }
        else {
            misnamed.push(script);
        }
    }
    if (misnamed.length > 0) {
        throw new ConfigurationError(`these .sql files do not follow the naming V<version>__<description>.sql or R__<description>.sql (two underscores), so they would never run: ${misnamed.join(', ')}`, input);
    }
    checkDuplicates(files, input);
    return sortMigrations(files);
}
function listSqlFiles(folder) {
    const out = [];
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.name.startsWith('.'))
            continue;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory())
            out.push(...listSqlFiles(full));
        else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql'))
            out.push(full);
    }
    return out;
}
function trimZeros(parts) {
    const out = [...parts];
    while (out.length > 1 && out[out.length - 1] === 0)
        out.pop();
    return out;
}
function describe(raw) {
    return raw.replace(/_/g, ' ');
}
function checkDuplicates(files, input) {
    const byKey = new Map();
    for (const file of files) {
        const key = file.kind === 'versioned'
            ? `V${formatVersion(trimZeros(file.versionParts ?? []))}`
            : `R:${file.description}`;
        const other = byKey.get(key);
        if (other !== undefined) {
            const what = file.kind === 'versioned'
                ? `version ${file.version}`
                : `repeatable ${JSON.stringify(file.description)}`;
            throw new ConfigurationError(`${what} is defined twice: ${other} and ${file.script}`, input);
        }
        byKey.set(key, file.script);
    }
}
/** Versioned by version, then repeatable by description (the order Flyway applies them in). */
function sortMigrations(files) {
    return [...files].sort((a, b) => {
        if (a.kind !== b.kind)
            return a.kind === 'versioned' ? -1 : 1;
        if (a.kind === 'versioned')
            return compareVersions(a.versionParts ?? [], b.versionParts ?? []);
        return a.description.localeCompare(b.description);
    });
}

;// CONCATENATED MODULE: ./src/run-migrations/inputs.ts








const RDS_SECRET_KEYS = {
    engine: 'engine',
    host: 'host',
    port: 'port',
    user: 'username',
    password: 'password',
    database: 'dbname',
};
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Reads and checks every input once; mistakes are ConfigurationErrors naming the input. */
function readInputs(inputs = new core_inputs/* InputReader */.i_()) {
    const runOn = inputs.oneOf('run-on', ['runner', 'ecs-task'], 'runner');
    const ecsTask = runOn === 'ecs-task' ? readEcsTask(inputs) : undefined;
    const connection = ecsTask === undefined ? readConnection(inputs) : undefined;
    const aws = readAws(inputs, ecsTask !== undefined || connection?.source.kind !== 'url');
    const mode = readMode(inputs, ecsTask !== undefined);
    const lockName = inputs.matching('lock-name', /^[\w.:/-]{1,200}$/, 'a name of letters, digits and . _ : / -');
    return {
        aws,
        ...(connection === undefined ? {} : { connection }),
        ...(ecsTask === undefined ? {} : { ecsTask }),
        mode,
        ...(lockName === undefined ? {} : { lockName }),
        lockTimeoutMs: inputs.duration('lock-timeout', '10m', { min: 0, max: 6 * 3_600_000 }),
        connectTimeoutMs: inputs.duration('connect-timeout', '2m', { min: 1000, max: 3_600_000 }),
    };
}
/**
 * The AWS settings. A database-url connection on the runner makes no AWS call, so it needs no
 * region: the settings then only carry the other inputs, checked as strictly as ever.
 */
function readAws(inputs, needed) {
    try {
        return (0,aws_clients/* readAwsSettings */.p3)(inputs, 'run-migrations');
    }
    catch (error) {
        if (needed || !(error instanceof errors/* ConfigurationError */.j1) || error.input !== 'aws-region')
            throw error;
        return {
            region: 'us-east-1',
            maxAttempts: inputs.integer('max-attempts', 5, { min: 1, max: 20 }),
            retryMode: inputs.oneOf('retry-mode', ['standard', 'adaptive'], 'standard'),
            action: 'run-migrations',
        };
    }
}
const CONNECTION_INPUTS = [
    'database-url',
    'database-secret-id',
    'database-parameter',
    'secret-keys',
    'database-host',
    'database-port',
    'database-name',
];
function readEcsTask(inputs) {
    for (const name of CONNECTION_INPUTS) {
        if (inputs.optional(name) !== undefined) {
            throw new errors/* ConfigurationError */.j1("is not used with run-on: ecs-task: the task reads its connection from its task definition's secrets (valueFrom), as the application does; credentials passed as container overrides would show in the ECS console", name);
        }
    }
    const command = inputs.optional('command');
    if (command === undefined) {
        throw new errors/* ConfigurationError */.j1('run-on: ecs-task runs your image\'s migration tool: set command (e.g. "alembic upgrade head", or a JSON array such as ["./efbundle"])', 'command');
    }
    let argv;
    if (command.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(command);
        }
        catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed) ||
            parsed.length === 0 ||
            parsed.some((a) => typeof a !== 'string')) {
            throw new errors/* ConfigurationError */.j1('starts with [ but is not a JSON array of strings', 'command');
        }
        argv = parsed;
    }
    else {
        argv = ['sh', '-c', command];
    }
    const taskDefinition = inputs.optional('ecs-task-definition');
    const service = inputs.optional('ecs-service');
    if (taskDefinition === undefined && service === undefined) {
        throw new errors/* ConfigurationError */.j1('run-on: ecs-task needs ecs-task-definition, or ecs-service to copy the task definition and network from', 'ecs-task-definition');
    }
    const subnets = inputs.list('ecs-subnets');
    const securityGroups = inputs.list('ecs-security-groups');
    if (subnets.length === 0 && securityGroups.length > 0) {
        throw new errors/* ConfigurationError */.j1('needs ecs-subnets too', 'ecs-security-groups');
    }
    const publicIp = inputs.boolean('ecs-assign-public-ip', false);
    const image = inputs.optional('image');
    return {
        cluster: inputs.required('ecs-cluster'),
        ...(taskDefinition === undefined ? {} : { taskDefinition }),
        ...(service === undefined ? {} : { service }),
        container: inputs.required('ecs-container'),
        ...(image === undefined ? {} : { image }),
        command: argv,
        subnets,
        securityGroups,
        ...(subnets.length === 0 ? {} : { assignPublicIp: publicIp ? 'ENABLED' : 'DISABLED' }),
        timeoutMs: inputs.duration('task-timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
    };
}
function readConnection(inputs) {
    const url = inputs.secret('database-url');
    const secretId = inputs.optional('database-secret-id');
    const parameter = inputs.optional('database-parameter');
    const given = [
        url && 'database-url',
        secretId && 'database-secret-id',
        parameter && 'database-parameter',
    ].filter((x) => typeof x === 'string');
    if (given.length !== 1) {
        throw new errors/* ConfigurationError */.j1(given.length === 0
            ? 'set one of database-url (a secret URL), database-secret-id (Secrets Manager) or database-parameter (SSM Parameter Store)'
            : `set only one connection source, got ${given.join(' and ')}`, given[1] ?? 'database-url');
    }
    const source = url !== undefined
        ? { kind: 'url', url, input: 'database-url' }
        : secretId !== undefined
            ? { kind: 'secretsmanager', id: secretId, input: 'database-secret-id' }
            : { kind: 'ssm', id: parameter, input: 'database-parameter' };
    const secretKeys = { ...RDS_SECRET_KEYS };
    for (const [part, key] of inputs.keyValues('secret-keys')) {
        if (!(part in secretKeys)) {
            throw new errors/* ConfigurationError */.j1(`unknown part ${(0,core_inputs/* quote */.hD)(part)}; expected lines such as user=username, with parts ${Object.keys(secretKeys).join(', ')}`, 'secret-keys');
        }
        secretKeys[part] = key;
    }
    const engineText = inputs.optional('engine');
    let engine;
    if (engineText !== undefined) {
        engine = engineOf(engineText);
        if (engine === undefined) {
            throw new errors/* ConfigurationError */.j1(`expected postgres or mysql (mariadb and aurora-* too), got ${(0,core_inputs/* quote */.hD)(engineText)}`, 'engine');
        }
    }
    const host = inputs.matching('database-host', /^[A-Za-z0-9.:[\]_-]+$/, 'a host name or IP address');
    const port = inputs.integer('database-port', undefined, { min: 1, max: 65535 });
    const database = inputs.optional('database-name');
    const ssl = inputs.oneOf('ssl', ['disable', 'require', 'verify-full']);
    const caPath = inputs.optional('ssl-ca');
    let sslCa;
    if (caPath !== undefined) {
        try {
            sslCa = (0,external_node_fs_.readFileSync)(external_node_path_default().resolve(process.env.GITHUB_WORKSPACE ?? '.', caPath), 'utf8');
        }
        catch {
            throw new errors/* ConfigurationError */.j1(`cannot read the CA bundle ${(0,core_inputs/* quote */.hD)(caPath)}`, 'ssl-ca');
        }
        if (ssl !== 'verify-full')
            throw new errors/* ConfigurationError */.j1('is only used with ssl: verify-full', 'ssl-ca');
    }
    return {
        source,
        secretKeys,
        ...(engine === undefined ? {} : { engine }),
        ...(host === undefined ? {} : { host }),
        ...(port === undefined ? {} : { port }),
        ...(database === undefined ? {} : { database }),
        ...(ssl === undefined ? {} : { ssl }),
        ...(sslCa === undefined ? {} : { sslCa }),
    };
}
function readMode(inputs, ecsTask = false) {
    const command = inputs.optional('command');
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const dryRun = inputs.boolean('dry-run', false);
    const target = inputs.optional('target');
    const baseline = inputs.optional('baseline-version');
    const folderInput = inputs.optional('migrations-path');
    if (command !== undefined) {
        for (const [name, value] of [
            ['migrations-path', folderInput],
            ['target', target],
            ['baseline-version', baseline],
        ]) {
            if (value !== undefined) {
                throw new errors/* ConfigurationError */.j1('applies to the built-in SQL runner only; it cannot be combined with command', name);
            }
        }
        if (dryRun)
            throw new errors/* ConfigurationError */.j1("applies to the built-in SQL runner only; run your tool's own dry run in command", 'dry-run');
        if (ecsTask && inputs.optional('command-env') !== undefined) {
            throw new errors/* ConfigurationError */.j1('is not used with run-on: ecs-task (the task definition carries the connection)', 'command-env');
        }
        const env = [];
        const mapping = inputs.keyValues('command-env');
        for (const [name, part] of mapping.size === 0 ? new Map([['DATABASE_URL', 'url']]) : mapping) {
            if (!ENV_NAME.test(name))
                throw new errors/* ConfigurationError */.j1(`${(0,core_inputs/* quote */.hD)(name)} is not a valid environment variable name`, 'command-env');
            if (!CONNECTION_PARTS.includes(part)) {
                throw new errors/* ConfigurationError */.j1(`${name}=${(0,core_inputs/* quote */.hD)(part)}: expected one of ${CONNECTION_PARTS.join(', ')} (e.g. DATABASE_URL=url, PGPASSWORD=password)`, 'command-env');
            }
            env.push([name, part]);
        }
        return {
            kind: 'command',
            command,
            env,
            workingDirectory: external_node_path_default().resolve(workspace, inputs.string('working-directory', '.')),
        };
    }
    if (inputs.optional('command-env') !== undefined) {
        throw new errors/* ConfigurationError */.j1('is only used with command', 'command-env');
    }
    return {
        kind: 'sql',
        folder: external_node_path_default().resolve(workspace, folderInput ?? 'migrations'),
        dryRun,
        ...(target === undefined || target === 'latest'
            ? {}
            : { target: versionInput(target, 'target') }),
        ...(baseline === undefined
            ? {}
            : { baselineVersion: versionInput(baseline, 'baseline-version') }),
        table: checkTableName(inputs.string('history-table', 'schema_history')),
    };
}
function versionInput(value, input) {
    const text = value.replace(/^V/i, '');
    if (!/^\d+(?:[._]\d+)*$/.test(text)) {
        throw new errors/* ConfigurationError */.j1(`expected a version such as 3 or 2.1 (or latest), got ${(0,core_inputs/* quote */.hD)(value)}`, input);
    }
    return parseVersion(text);
}


/***/ })

};

//# sourceMappingURL=41.index.js.map