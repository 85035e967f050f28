import { actionFiles } from '../unit/repo/repo-files';
import { nodeRuntimes, runDist } from '../support/run-dist';

// Every compiled action, started as the runner starts it but with no inputs and no AWS settings,
// stops at once: exit code 1, one ::error:: line prefixed with its name that says which input is
// missing, and a failure summary. This is also the stop that bench/startup measures.
const names = [...new Set(actionFiles().map((action) => action.name))];

describe.each(nodeRuntimes())('every action without inputs, on $label', ({ path: node }) => {
  it.each(names)('%s fails fast, naming what is missing', async (name) => {
    const run = await runDist(name, { node, timeoutMs: 30_000 });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(new RegExp(`^${name}: Input '[a-z0-9-]+': `));
    expect(run.summary).toContain(`${name} failed`);
  });
});
