import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { deprecatedInputs, OUTPUT } from '../../../scripts/generate-action-names.mjs';
import { ACTIONS } from '../../../src/generated/action-names';
import { actionFiles, repoRoot } from './repo-files';

// src/generated/action-names.ts is generated from every action.yml (`npm run docs`); the input
// reader and output writer take its types, so it must match the action.yml files exactly.

describe('src/generated/action-names.ts', () => {
  it('is what the generator writes from the action.yml files (run `npm run docs` when this fails)', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'scripts', 'generate-action-names.mjs'), '--check'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(`${result.stdout}${result.stderr}`).toContain(`${OUTPUT} matches the action.yml files`);
    expect(result.status).toBe(0);
  });

  it.each(actionFiles().map((action) => [action.file, action] as const))(
    '%s: every input and output is listed under its action',
    (file, action) => {
      const spec = parse(readFileSync(path.join(repoRoot, file), 'utf8')) as {
        inputs?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      };
      const names = ACTIONS[action.name as keyof typeof ACTIONS];
      expect(names).toBeDefined();
      expect(
        [...names.inputs, ...Object.keys(names.deprecatedInputs)].sort((a, b) =>
          a.localeCompare(b),
        ),
      ).toEqual(Object.keys(spec.inputs ?? {}).sort((a, b) => a.localeCompare(b)));
      expect([...names.outputs]).toEqual(Object.keys(spec.outputs ?? {}));
    },
  );
});

describe('deprecatedInputs', () => {
  it('maps an old input to the one its deprecationMessage names', () => {
    expect(
      deprecatedInputs(
        {
          inputs: {
            port: {},
            'container-port': { deprecationMessage: 'Use port instead.' },
          },
        },
        'x/action.yml',
      ),
    ).toEqual({ 'container-port': 'port' });
  });

  it.each([
    ['names no replacement', 'Going away.'],
    ['names an input that is not declared', 'Use ports instead.'],
  ])('refuses a deprecationMessage that %s', (_label, message) => {
    expect(() =>
      deprecatedInputs(
        { inputs: { port: {}, old: { deprecationMessage: message } } },
        'x/action.yml',
      ),
    ).toThrow(
      'x/action.yml: input old has a deprecationMessage that does not say "Use <declared input> instead"',
    );
  });
});
