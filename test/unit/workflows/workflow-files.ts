import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The bundle's own repository as callers name it (examples, docs). */
export const BUNDLE_REPO = 'aws-web-deploy/aws-web-deploy-actions';
/** Where deploy.yml and rollback.yml check the bundle out (job.workflow_sha) to reach its actions. */
export const BUNDLE_PATH = '.aws-web-deploy';

export type Yaml = Record<string, unknown>;

export interface YamlFile {
  /** Repository-relative path with forward slashes. */
  rel: string;
  abs: string;
  text: string;
  doc: Yaml;
  /** The YAML parse error, when the file is not valid YAML (doc is then empty). */
  parseError?: string;
}

function load(rel: string): YamlFile {
  const abs = path.join(repoRoot, rel);
  const text = readFileSync(abs, 'utf8');
  try {
    return { rel, abs, text, doc: asMap(parse(text)) };
  } catch (error) {
    return { rel, abs, text, doc: {}, parseError: String(error) };
  }
}

function ymlIn(dir: string): string[] {
  const abs = path.join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** The example applications: examples/<name>/ folders. */
export function exampleDirs(): string[] {
  const abs = path.join(repoRoot, 'examples');
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `examples/${entry.name}`)
    .sort();
}

/** Every workflow of the repository: the bundle's own and each example's caller workflows. */
export function workflowFiles(): YamlFile[] {
  const rels = ymlIn('.github/workflows');
  for (const dir of exampleDirs()) rels.push(...ymlIn(`${dir}/.github/workflows`));
  return rels.map(load);
}

/** Every action metadata file: the root action.yml and actions/<name>/action.yml. */
export function actionFiles(): YamlFile[] {
  const rels = ['action.yml'];
  for (const entry of readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(path.join(repoRoot, 'actions', entry.name, 'action.yml')))
      rels.push(`actions/${entry.name}/action.yml`);
  }
  return rels.sort().map(load);
}

export function asMap(value: unknown): Yaml {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Yaml)
    : {};
}

export function jobsOf(workflow: Yaml): [string, Yaml][] {
  return Object.entries(asMap(workflow.jobs)).map(([id, job]) => [id, asMap(job)]);
}

export function stepsOf(job: Yaml): Yaml[] {
  return Array.isArray(job.steps) ? job.steps.map(asMap) : [];
}

/** Event names of a workflow's `on:` (string, list or map form). */
export function eventsOf(workflow: Yaml): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(asMap(on));
}

/** The workflow_call (or workflow_dispatch) section of `on:`. */
export function trigger(workflow: Yaml, event: 'workflow_call' | 'workflow_dispatch'): Yaml {
  return asMap(asMap(workflow.on)[event]);
}

export interface UsesRef {
  file: YamlFile;
  where: string;
  uses: string;
  with: Yaml;
  secrets: unknown;
  /** 1-based line of the `uses:` value in the file. */
  line: number;
}

/** Every `uses:` of a workflow (job-level reusable calls and steps) or a composite action. */
export function usesOf(file: YamlFile): UsesRef[] {
  const refs: UsesRef[] = [];
  const lines = lineFinder(file);
  const add = (where: string, node: Yaml): void => {
    if (typeof node.uses !== 'string') return;
    refs.push({
      file,
      where,
      uses: node.uses,
      with: asMap(node.with),
      secrets: node.secrets,
      line: lines(node.uses),
    });
  };
  for (const [id, job] of jobsOf(file.doc)) {
    add(`job ${id}`, job);
    stepsOf(job).forEach((step, index) => add(`job ${id} step ${stepName(step, index)}`, step));
  }
  const runs = asMap(file.doc.runs);
  if (Array.isArray(runs.steps)) {
    runs.steps.map(asMap).forEach((step, index) => add(`runs step ${stepName(step, index)}`, step));
  }
  return refs;
}

export function stepName(step: Yaml, index: number): string {
  return typeof step.name === 'string' ? `"${step.name}"` : `#${index + 1}`;
}

/** Finds the line of a `uses:` value (first unused occurrence) so messages can point at it. */
function lineFinder(file: YamlFile): (value: string) => number {
  const lines = file.text.split('\n');
  const used = new Set<number>();
  return (value) => {
    const index = lines.findIndex(
      (line, i) => !used.has(i) && new RegExp(`uses:\\s*['"]?${escape(value)}`).test(line),
    );
    used.add(index);
    return index + 1;
  };
}

export function lineAt(file: YamlFile, line: number): string {
  return file.text.split('\n')[line - 1] ?? '';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every `run:` script (workflow steps and composite action steps) with where it is. */
export function runScripts(file: YamlFile): { where: string; run: string }[] {
  const scripts: { where: string; run: string }[] = [];
  for (const [id, job] of jobsOf(file.doc)) {
    stepsOf(job).forEach((step, index) => {
      if (typeof step.run === 'string')
        scripts.push({ where: `job ${id} step ${stepName(step, index)}`, run: step.run });
    });
  }
  const runs = asMap(file.doc.runs);
  if (Array.isArray(runs.steps)) {
    runs.steps.map(asMap).forEach((step, index) => {
      if (typeof step.run === 'string')
        scripts.push({ where: `runs step ${stepName(step, index)}`, run: step.run });
    });
  }
  return scripts;
}

/** Every string scalar of a YAML document with its key path (for scanning expressions). */
export function scalars(file: YamlFile): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const walk = (node: Node | null | undefined, at: string): void => {
    if (node === null || node === undefined) return;
    if (isScalar(node)) {
      if (typeof node.value === 'string') out.push({ path: at, value: node.value });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        walk(pair.value as Node, at === '' ? key : `${at}.${key}`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item as Node, `${at}[${index}]`));
    }
  };
  walk(parseDocument(file.text).contents as Node, '');
  return out;
}

/** Inputs declared by an action.yml, with whether each is required without a default. */
export interface DeclaredInputs {
  names: Set<string>;
  required: Set<string>;
  /** Declared `type` of each input (reusable workflows: string, number, boolean). */
  types: Map<string, string>;
}

export function actionInputs(actionYml: Yaml): DeclaredInputs {
  const inputs = asMap(actionYml.inputs);
  const names = new Set(Object.keys(inputs));
  const required = new Set(
    Object.entries(inputs)
      .filter(([, spec]) => asMap(spec).required === true && asMap(spec).default === undefined)
      .map(([name]) => name),
  );
  const types = new Map(
    Object.entries(inputs)
      .filter(([, spec]) => typeof asMap(spec).type === 'string')
      .map(([name, spec]) => [name, String(asMap(spec).type)] as const),
  );
  return { names, required, types };
}

/** Inputs and secrets declared by a reusable workflow's `on.workflow_call`. */
export function workflowCallInterface(workflow: Yaml): {
  inputs: DeclaredInputs;
  secrets: DeclaredInputs;
} {
  const call = trigger(workflow, 'workflow_call');
  return {
    inputs: actionInputs({ inputs: call.inputs }),
    secrets: actionInputs({ inputs: call.secrets }),
  };
}
