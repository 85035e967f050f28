import { nodeRuntimes, runDist } from '../support/run-dist';

// Actions whose implementation has not landed must fail loudly, never pretend to succeed.
const pending = ['deploy'];

describe.each(nodeRuntimes())('pending actions on $label', ({ path: node }) => {
  it.each(pending)('%s fails with a clear "not implemented" error', async (name) => {
    const run = await runDist(name, { node, inputs: { 'aws-region': 'eu-west-1' } });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(new RegExp(`^${name}: ${name} is not implemented yet`));
    expect(run.summary).toContain(`${name} failed`);
  });
});
