// Writes src/generated/action-names.ts: the input and output names each action.yml declares
// (actions/<name>/action.yml and the root action.yml, under its dist name `deploy`), as
// constants and types. The input reader (src/core/inputs.ts) and the output writer
// (src/core/outputs.ts) take these types, so an action can only read an input and write an
// output its action.yml declares, and the root action's pipeline only reads outputs a part
// declares. Deprecated inputs (with `deprecationMessage:`) are listed with the input that
// replaces them, read from the message's "Use <name> instead".
//
//   npm run docs                                     write the file (with the README tables)
//   node scripts/generate-action-names.mjs --check   fail (exit 1) when the file is out of date
//   ... --root DIR                                   work on another checkout
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listActions, root as repoRoot } from './action-list.mjs';

export const OUTPUT = path.join('src', 'generated', 'action-names.ts');
const REPLACEMENT = /\bUse ([a-z0-9-]+) instead\b/;

/**
 * The deprecated inputs of one action.yml: { old: new }. A deprecated input must name its
 * replacement ("Use <name> instead") and the replacement must be declared.
 */
export function deprecatedInputs(spec, where) {
  const result = {};
  for (const [name, input] of Object.entries(spec.inputs ?? {})) {
    const message = input?.deprecationMessage;
    if (message === undefined) continue;
    const replacement = REPLACEMENT.exec(String(message))?.[1];
    if (replacement === undefined || !(replacement in (spec.inputs ?? {}))) {
      throw new Error(
        `${where}: input ${name} has a deprecationMessage that does not say "Use <declared input> instead"`,
      );
    }
    result[name] = replacement;
  }
  return result;
}

/** The text of src/generated/action-names.ts for the repository at `base`. */
export async function renderActionNames(base = repoRoot) {
  const entries = listActions(base).map((action) => {
    const where = path.relative(base, action.actionFile);
    const deprecated = deprecatedInputs(action.spec, where);
    return {
      name: action.name,
      where,
      inputs: Object.keys(action.spec.inputs ?? {}).filter((input) => !(input in deprecated)),
      deprecated,
      defaults: Object.fromEntries(
        Object.entries(action.spec.inputs ?? {})
          .filter(([input, spec]) => spec?.default !== undefined && !(input in deprecated))
          .map(([input, spec]) => [input, String(spec.default)]),
      ),
      outputs: Object.keys(action.spec.outputs ?? {}),
    };
  });
  const body = entries
    .map(
      (e) =>
        `  /** ${e.where} */\n  ${JSON.stringify(e.name)}: {\n` +
        `    inputs: ${JSON.stringify(e.inputs)},\n` +
        `    deprecatedInputs: ${JSON.stringify(e.deprecated)},\n` +
        `    defaults: ${JSON.stringify(e.defaults)},\n` +
        `    outputs: ${JSON.stringify(e.outputs)},\n  },`,
    )
    .join('\n');
  const text = `// Generated from every action.yml by \`npm run docs\` (scripts/generate-action-names.mjs).
// Do not edit: change the action.yml and run \`npm run docs\`; a test fails when this drifts.

/**
 * The inputs (current names), deprecated inputs (old name: new name), input defaults (the runner
 * passes them whether or not the user set the input) and outputs of each action.
 */
export const ACTIONS = {
${body}
} as const;

/** An action, by the dist/ and src/ folder name its action.yml runs (\`deploy\` is the root action). */
export type ActionName = keyof typeof ACTIONS;
/** The current name of an input \`A\`'s action.yml declares. */
export type InputOf<A extends ActionName> = (typeof ACTIONS)[A]['inputs'][number];
/** A deprecated input name of \`A\`, still accepted with a warning. */
export type DeprecatedInputOf<A extends ActionName> = keyof (typeof ACTIONS)[A]['deprecatedInputs'];
/** An output \`A\`'s action.yml declares. */
export type OutputOf<A extends ActionName> = (typeof ACTIONS)[A]['outputs'][number];
`;
  // Loaded here, not at the top: the tests import deprecatedInputs without prettier.
  const { format, resolveConfig } = await import('prettier');
  const options = (await resolveConfig(path.join(base, OUTPUT))) ?? {};
  return format(text, { ...options, filepath: path.join(base, OUTPUT) });
}

/** The command line: write the file, or with --check fail when it is out of date. */
async function main(args) {
  const rootIndex = args.indexOf('--root');
  const base = rootIndex === -1 ? repoRoot : path.resolve(args[rootIndex + 1] ?? '.');
  const file = path.join(base, OUTPUT);
  const expected = await renderActionNames(base);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (args.includes('--check')) {
    if (current !== expected) {
      console.error(
        `${OUTPUT} ${current === undefined ? 'is missing' : 'differs from the action.yml files'}: run \`npm run docs\``,
      );
      process.exit(1);
    }
    console.log(`${OUTPUT} matches the action.yml files`);
  } else if (current !== expected) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, expected);
    console.log(`wrote ${OUTPUT}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
