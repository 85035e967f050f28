import path from 'node:path';
import { Linter } from 'eslint';
import config from '../../../eslint.config.mjs';
import { repoRoot } from './repo-files';

// The layers are kept by lint (eslint.config.mjs, import-x/no-restricted-paths): src/ never
// imports local-aws/ or test/, and local-aws/ never imports src/. Checked here on probe files
// linted in place with the project's own config, so the rule cannot silently stop applying to
// the folders it guards.

const linter = new Linter({ cwd: repoRoot });

function zoneErrors(file: string, code: string): string[] {
  return linter
    .verify(code, config, { filename: path.join(repoRoot, file) })
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths')
    .map((m) => m.message);
}

describe('import zones', () => {
  it.each([
    [
      'src/core/probe.ts',
      "export { startLocalAws } from '../../local-aws/stack';",
      /local AWS stack/,
    ],
    ['src/ecs/probe.ts', "export { runDist } from '../../test/support/run-dist';", /or tests/],
    ['local-aws/probe.ts', "export { isAwsError } from '../src/core/aws-errors';", /product/],
  ])('%s may not say: %s', (file, code, message) => {
    const errors = zoneErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['src/ecs/probe.ts', "export { isAwsError } from '../core/aws-errors';"],
    ['test/unit/probe.ts', "export { startLocalAws } from '../../local-aws/stack';"],
    ['test/unit/probe2.ts', "export { isAwsError } from '../../src/core/aws-errors';"],
  ])('%s may say: %s', (file, code) => {
    expect(zoneErrors(file, code)).toEqual([]);
  });
});
