'use strict';
// Stand-in for bowser in the bundles (scripts/build.mjs maps it here). The AWS SDK requires it
// only in its browser user-agent provider, which never runs under Node: the Node provider builds
// the user agent from `process` instead.
module.exports = { parse: () => ({}) };
