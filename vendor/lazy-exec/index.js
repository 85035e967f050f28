// @actions/core imports @actions/exec at start-up for core.platform (OS name and version), which
// the bundle does not use. npm "overrides" (package.json) give @actions/core this stand-in; it
// loads the real @actions/exec on the first call. The bundle's own code imports @actions/exec
// directly (await import() on the paths that run commands) and gets the real package.
const load = () => import('actions-exec-impl');

export async function exec(...args) {
  return (await load()).exec(...args);
}

export async function getExecOutput(...args) {
  return (await load()).getExecOutput(...args);
}
