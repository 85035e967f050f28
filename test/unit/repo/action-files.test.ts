import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BUNDLE_NAME, BUNDLE_VERSION } from '../../../src/core/version';
import { actionFiles, repoRoot } from './repo-files';

const actions = actionFiles();

describe('action.yml files', () => {
  it('there is one per actions/ folder, and the root one', () => {
    const folders = readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true }).filter(
      (d) => d.isDirectory(),
    );
    expect(actions.map((a) => a.file)).toEqual([
      ...folders.map((d) => `actions/${d.name}/action.yml`).sort(),
      'action.yml',
    ]);
    expect(folders.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(actions)('$file', ({ file, dir, name, spec }) => {
    it('exists and parses as YAML with a name and a description', () => {
      expect(existsSync(path.join(repoRoot, file))).toBe(true);
      expect(() => parse(readFileSync(path.join(repoRoot, file), 'utf8'))).not.toThrow();
      expect(typeof spec.name).toBe('string');
      expect(String(spec.description ?? '').trim()).not.toBe('');
    });

    it('runs on node24, from its own dist/<name>/index.js', () => {
      expect(spec.runs?.using).toBe('node24');
      const expected =
        dir === '.' ? 'dist/deploy/index.js' : `../../dist/${path.basename(dir)}/index.js`;
      expect(spec.runs?.main).toBe(expected);
    });

    it('runs.main exists (built) and is built from src/<name>/index.ts', () => {
      const main = path.resolve(repoRoot, dir, String(spec.runs?.main));
      expect(existsSync(main)).toBe(true);
      expect(statSync(main).size).toBeGreaterThan(0);
      expect(existsSync(path.join(repoRoot, 'src', name, 'index.ts'))).toBe(true);
    });

    it('runs.post, when present, is its own dist/<name>-post/index.js built from src/<name>/post.ts, skippable by post-cleanup', () => {
      if (spec.runs?.post === undefined) return;
      expect(spec.runs.post).toBe(`../../dist/${name}-post/index.js`);
      expect(existsSync(path.resolve(repoRoot, dir, String(spec.runs.post)))).toBe(true);
      expect(existsSync(path.join(repoRoot, 'src', name, 'post.ts'))).toBe(true);
      expect(spec.inputs?.['post-cleanup']).toMatchObject({ required: false, default: 'true' });
    });

    it('describes every input, with kebab-case names and string defaults', () => {
      for (const [input, definition] of Object.entries(spec.inputs ?? {})) {
        expect({ input, ok: /^[a-z0-9]+(-[a-z0-9]+)*$/.test(input) }).toEqual({ input, ok: true });
        expect({ input, description: String(definition?.description ?? '').trim() !== '' }).toEqual(
          { input, description: true },
        );
        if (definition?.required !== undefined) {
          expect({ input, required: typeof definition.required }).toEqual({
            input,
            required: 'boolean',
          });
        }
        if (definition?.default !== undefined) {
          expect({ input, default: typeof definition.default }).toEqual({
            input,
            default: 'string',
          });
        }
        if (definition?.required === true) {
          // A required input with a default is never required in practice: say one or the other.
          expect({ input, default: definition.default }).toEqual({ input, default: undefined });
        }
      }
    });

    it('describes every output', () => {
      for (const [output, definition] of Object.entries(spec.outputs ?? {})) {
        expect({
          output,
          description: String(definition?.description ?? '').trim() !== '',
        }).toEqual({ output, description: true });
      }
    });
  });

  it('every action uses the same runtime', () => {
    expect(new Set(actions.map((a) => a.spec.runs?.using))).toEqual(new Set(['node24']));
  });

  it('an input shared by several actions has one meaning: the same default everywhere', () => {
    const defaults = new Map<string, Set<string>>();
    for (const { spec } of actions) {
      for (const [input, definition] of Object.entries(spec.inputs ?? {})) {
        const set = defaults.get(input) ?? new Set<string>();
        set.add(JSON.stringify(definition?.default ?? null));
        defaults.set(input, set);
      }
    }
    for (const input of ['aws-region', 'endpoint-url', 'max-attempts', 'retry-mode']) {
      expect({ input, defaults: defaults.get(input)?.size ?? 0 }).toEqual({ input, defaults: 1 });
    }
  });

  it('every src/ action folder with an index.ts has an action.yml', () => {
    const built = new Set(actions.map((a) => a.name));
    const entries = readdirSync(path.join(repoRoot, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(repoRoot, 'src', d.name, 'index.ts')))
      .map((d) => d.name);
    for (const entry of entries)
      expect({ entry, hasAction: built.has(entry) }).toEqual({ entry, hasAction: true });
  });

  it('the README table lists every action', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const { dir } of actions.filter((a) => a.dir !== '.')) {
      expect(readme).toContain(`](${dir}/README.md)`);
    }
  });
});

describe('version', () => {
  it('src/core/version.ts matches package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(BUNDLE_VERSION).toBe(pkg.version);
    expect(BUNDLE_NAME).toBe(pkg.name);
  });
});
