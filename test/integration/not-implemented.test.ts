import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { actionFiles } from '../unit/repo/repo-files';
import { nodeRuntimes, repoRoot, runDist } from '../support/run-dist';

// Actions whose implementation has not landed must fail loudly, never pretend to succeed; the
// ones that have landed must never say so. Which is which is read from the source: a pending
// action's run() is `notImplemented(...)` (src/core/not-implemented.ts).
const names = [...new Set(actionFiles().map((action) => action.name))];
const isPending = (name: string): boolean => {
  const main = path.join(repoRoot, 'src', name, 'main.ts');
  return existsSync(main) && /\bnotImplemented\(/.test(readFileSync(main, 'utf8'));
};

describe.each(nodeRuntimes())('pending and landed actions on $label', ({ path: node }) => {
  it.each(names)(
    '%s fails loudly if pending, and never claims to be pending once landed',
    async (name) => {
      const run = await runDist(name, { node, inputs: { 'aws-region': 'eu-west-1' } });
      expect(run.exitCode).toBe(1);
      if (isPending(name)) {
        expect(run.errors.join('\n')).toMatch(
          new RegExp(`^${name}: ${name} is not implemented yet`),
        );
        expect(run.summary).toContain(`${name} failed`);
      } else {
        expect(run.errors.length).toBeGreaterThan(0);
        expect(run.errors.join('\n')).not.toMatch(/not implemented/i);
      }
    },
  );
});
