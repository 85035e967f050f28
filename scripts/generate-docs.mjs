// Writes each action's inputs and outputs, as tables generated from its action.yml, into its
// README between the markers below: actions/<name>/README.md for each action, README.md for the
// root action. Prose outside the markers is the authors' and is never touched. A README that does
// not exist yet is created with the action's name and description; one without the markers gets
// the section appended.
//
//   npm run docs                          write the sections
//   node scripts/generate-docs.mjs --check  fail (exit 1) naming every README that drifted
//   ... --root DIR                        work on another checkout (the tests use a copy)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listActions, root as repoRoot } from './action-list.mjs';

export const START = '<!-- action-docs:start -->';
export const END = '<!-- action-docs:end -->';
const NOTE =
  '<!-- Generated from action.yml by `npm run docs`; edit action.yml, not this section. -->';

/** Text for a Markdown table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .trim()
    .replace(/\r?\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

function code(text) {
  const value = cell(text);
  if (value === '') return '';
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

/** The generated section (without the markers) for one action.yml. */
export function renderSection(spec) {
  const lines = [NOTE, '', '### Inputs', ''];
  const inputs = Object.entries(spec.inputs ?? {});
  if (inputs.length === 0) {
    lines.push('This action has no inputs.');
  } else {
    lines.push('| Input | Description | Required | Default |', '| --- | --- | --- | --- |');
    for (const [name, input] of inputs) {
      const required = input?.required === true || input?.required === 'true' ? 'yes' : 'no';
      const fallback = input?.default === undefined ? '' : code(input.default);
      lines.push(`| ${code(name)} | ${cell(input?.description)} | ${required} | ${fallback} |`);
    }
  }
  lines.push('', '### Outputs', '');
  const outputs = Object.entries(spec.outputs ?? {});
  if (outputs.length === 0) {
    lines.push('This action has no outputs.');
  } else {
    lines.push('| Output | Description |', '| --- | --- |');
    for (const [name, output] of outputs) {
      lines.push(`| ${code(name)} | ${cell(output?.description)} |`);
    }
  }
  return lines.join('\n');
}

/** `readme` with the section between the markers replaced (or added). */
export function updateReadme(readme, section, heading) {
  const block = `${START}\n${section}\n${END}`;
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start !== -1 && end > start) {
    return readme.slice(0, start) + block + readme.slice(end + END.length);
  }
  if (start !== -1 || end !== -1) {
    throw new Error(`unbalanced ${START} / ${END} markers`);
  }
  const base = readme.replace(/\s*$/, '');
  return `${base}\n\n${heading}\n\n${block}\n`;
}

/** Every README as it should be: [{ file, expected, current }]. */
export function expectedReadmes(base = repoRoot) {
  return listActions(base).map((action) => {
    const isRoot = path.resolve(action.dir) === path.resolve(base);
    const file = path.join(action.dir, 'README.md');
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const title = isRoot ? action.spec.name : path.basename(action.dir);
    const initial = current ?? `# ${title}\n\n${String(action.spec.description ?? '').trim()}\n`;
    const heading = isRoot ? '## Inputs and outputs of the whole deploy' : '## Inputs and outputs';
    let expected;
    try {
      expected = updateReadme(initial, renderSection(action.spec), heading);
    } catch (error) {
      throw new Error(`${path.relative(base, file)}: ${error.message}`, { cause: error });
    }
    return { file, expected, current };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rootIndex = args.indexOf('--root');
  const base = rootIndex === -1 ? repoRoot : path.resolve(args[rootIndex + 1] ?? '.');
  const readmes = expectedReadmes(base);
  if (args.includes('--check')) {
    const drifted = readmes.filter((r) => r.current !== r.expected);
    for (const r of drifted) {
      console.error(
        `${path.relative(base, r.file)} ${r.current === undefined ? 'is missing' : 'differs from its action.yml'}`,
      );
    }
    if (drifted.length > 0) {
      console.error('Run `npm run docs` and commit the READMEs.');
      process.exit(1);
    }
    console.log(`${readmes.length} READMEs match their action.yml`);
  } else {
    for (const r of readmes) {
      if (r.current !== r.expected) {
        writeFileSync(r.file, r.expected);
        console.log(`wrote ${path.relative(base, r.file)}`);
      }
    }
  }
}
