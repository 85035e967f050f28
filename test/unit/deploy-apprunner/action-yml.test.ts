import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { outputsFor } from '../../../src/deploy-apprunner/report';
import type { DeployOutcome } from '../../../src/deploy-apprunner/deploy';

const root = path.resolve(__dirname, '..', '..', '..');
const action = YAML.parse(
  readFileSync(path.join(root, 'actions/deploy-apprunner/action.yml'), 'utf8'),
) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

describe('deploy-apprunner action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    const code = ['src/deploy-apprunner/inputs.ts', 'src/core/aws-clients.ts']
      .map((file) => readFileSync(path.join(root, file), 'utf8'))
      .join('\n');
    const read = new Set([...code.matchAll(/[(,]\s*'([a-z][a-z-]+)'/g)].map((m) => m[1]));
    const declared = Object.keys(action.inputs);
    expect(declared.filter((name) => !read.has(name))).toEqual([]);
    const inputsFile = readFileSync(path.join(root, 'src/deploy-apprunner/inputs.ts'), 'utf8');
    const readHere =
      [...inputsFile.matchAll(/inputs\.\w+\(\s*'([a-z][a-z-]+)'|optionalArn\(inputs, '([a-z-]+)'/g)] // prettier-ignore
        .map((m) => m[1] ?? m[2]);
    expect(readHere.filter((name) => name !== undefined && !declared.includes(name))).toEqual([]);
  });

  it('declares exactly the outputs the action sets', () => {
    const outputs = outputsFor({ status: 'unchanged', plan: { changes: [], tagChanges: [] } } as unknown as DeployOutcome); // prettier-ignore
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(action.outputs).sort());
  });
});
