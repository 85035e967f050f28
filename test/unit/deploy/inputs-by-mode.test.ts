import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';
import { ROOT_DEFAULTS, readInputs as readRootInputs } from '../../../src/deploy/inputs';
import { checkPartInputs } from '../../../src/deploy/parts';
import { plannedParts } from '../../../src/deploy/pipeline';
import { readInputs as readEcsInputs, type Mode } from '../../../src/deploy-ecs/inputs';
import { readInputs as readMigrationInputs } from '../../../src/run-migrations/inputs';

// Inputs apply to the modes their documentation names; set with another mode, they would be
// silently ignored, so each is an error naming the input and the mode, whatever its value.

function thrown(read: () => unknown): ConfigurationError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('no ConfigurationError');
}

const MODES: Mode[] = ['express', 'service', 'task'];
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;
const ROLE = 'arn:aws:iam::123456789012:role/r';
const VALID: Record<Mode, Record<string, string>> = {
  express: { service: 'web', image: IMAGE, 'execution-role-arn': ROLE, 'infrastructure-role-arn': ROLE }, // prettier-ignore
  service: { service: 'web', image: IMAGE, container: 'app' },
  task: { container: 'app', 'task-definition': 'migrate', subnets: 'subnet-0123abcd' },
};

/** The modes each deploy-ecs input is documented for ("express - ...", "service and task - ..."). */
function documentedModes(): Map<string, Mode[]> {
  const file = path.join(__dirname, '../../../actions/deploy-ecs/action.yml');
  const action = parse(readFileSync(file, 'utf8')) as {
    inputs: Record<string, { description: string }>;
  };
  const result = new Map<string, Mode[]>();
  for (const [name, { description }] of Object.entries(action.inputs)) {
    if (name === 'mode') continue;
    const modes = new Set<Mode>();
    for (const m of description.matchAll(
      /\b(express|service|task)(?: and (express|service|task))? - /g,
    )) {
      modes.add(m[1] as Mode);
      if (m[2] !== undefined) modes.add(m[2] as Mode);
    }
    result.set(name, modes.size === 0 ? MODES : [...modes]);
  }
  return result;
}

describe('deploy-ecs: inputs of another mode', () => {
  const documented = [...documentedModes()];

  it('reads the documented modes of the mode-specific inputs', () => {
    const of = new Map(documented);
    expect(of.get('assign-public-ip')).toEqual(['task']);
    expect(of.get('subnets')).toEqual(['express', 'task']);
    expect(of.get('container')).toEqual(['service', 'task']);
    expect(of.get('cluster')).toEqual(MODES);
  });

  it('every mode accepts its valid inputs', () => {
    for (const mode of MODES) {
      expect(() => readEcsInputs(new InputReader((n) => ({ 'aws-region': 'us-east-1', mode, ...VALID[mode] })[n]), '/')).not.toThrow(); // prettier-ignore
    }
  });

  it('refuses any value of an input the mode does not use, naming the mode', () => {
    const cases = documented.flatMap(([name, modes]) =>
      MODES.filter((mode) => !modes.includes(mode)).map((mode) => [name, mode] as const),
    );
    expect(cases.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.string({ minLength: 1, maxLength: 20 }).filter((v) => v.trim() !== ''),
        ([name, mode], value) => {
          const values: Record<string, string> = { 'aws-region': 'us-east-1', mode, ...VALID[mode], [name]: value }; // prettier-ignore
          const error = thrown(() => readEcsInputs(new InputReader((n) => values[n]), '/'));
          expect(error.input).toBe(name);
          expect(error.message).toContain(`not mode ${mode}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('express: assign-public-ip yes and launch-type LAMBDA are refused', () => {
    for (const [name, value] of [
      ['assign-public-ip', 'yes'],
      ['launch-type', 'LAMBDA'],
    ]) {
      const values: Record<string, string> = { 'aws-region': 'us-east-1', ...VALID.express, [name as string]: value as string }; // prettier-ignore
      const error = thrown(() => readEcsInputs(new InputReader((n) => values[n]), '/'));
      expect(error.message).toBe(`Input '${name}': applies to mode task only, not mode express: remove it`); // prettier-ignore
    }
  });
});

describe('run-migrations on the runner', () => {
  const read = (extra: Record<string, string>) =>
    readMigrationInputs(
      new InputReader((n) => ({ 'database-url': 'postgres://u:p@h/d', ...extra })[n]),
    );

  it('refuses the ecs-task inputs, and a misspelt ecs-assign-public-ip', () => {
    expect(() => read({ 'ecs-assign-public-ip': 'false' })).not.toThrow();
    expect(thrown(() => read({ 'ecs-assign-public-ip': 'ture' })).input).toBe('ecs-assign-public-ip'); // prettier-ignore
    expect(thrown(() => read({ 'ecs-assign-public-ip': 'true' })).message).toMatch(/not run-on: runner/); // prettier-ignore
    expect(thrown(() => read({ 'task-timeout': 'soon' })).input).toBe('task-timeout');
    for (const name of ['ecs-cluster', 'ecs-container', 'ecs-subnets', 'image']) {
      const error = thrown(() => read({ [name]: 'x' }));
      expect(error.input).toBe(name);
      expect(error.message).toMatch(/applies to run-on: ecs-task only, not run-on: runner/);
    }
  });
});

describe('the root action', () => {
  const root = (values: Record<string, string>) =>
    readRootInputs(new InputReader((n) => ({ 'aws-region': 'eu-west-1', ...values })[n]));

  it('takes the defaults the runner passes for unset inputs as unset, whatever the platform', () => {
    const file = path.join(__dirname, '../../../action.yml');
    const action = parse(readFileSync(file, 'utf8')) as { inputs: Record<string, { default?: string }> }; // prettier-ignore
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name, input]) => input.default !== undefined && name in ROOT_DEFAULTS)
        .map(([name, input]) => [name, String(input.default)]),
    );
    expect(declared).toEqual(ROOT_DEFAULTS);
    // What the runner passes: every default, set or not.
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, input]) => input.default !== undefined)
        .map(([name, input]) => [name, String(input.default)]),
    );
    expect(() => root({ ...defaults, platform: 'none', bucket: 'site' })).not.toThrow();
    expect(() => root({ ...defaults, repository: 'api', service: 'api' })).not.toThrow();
    expect(() => root({ ...defaults, platform: 'ecs', repository: 'api', service: 'api', 'execution-role-arn': 'arn:aws:iam::123456789012:role/x', 'infrastructure-role-arn': 'arn:aws:iam::123456789012:role/y' })).not.toThrow(); // prettier-ignore
  });

  it('with platform none, refuses every backend input, naming the platform', () => {
    for (const [name, value] of [
      ['cpu', 'lots'],
      ['engine', 'oracle'],
      ['service', 'api'],
      ['health-check-path', '/x'],
    ]) {
      const error = thrown(() => root({ platform: 'none', bucket: 'site', [name as string]: value as string })); // prettier-ignore
      expect(error.input).toBe(name);
      expect(error.message).toContain('platform none');
    }
    expect(() => root({ platform: 'none', bucket: 'site' })).not.toThrow();
  });

  it('refuses inputs of the other platform, of the other ECS mode, and migrations inputs without migrations-path', () => {
    const backend = { repository: 'api', service: 'api' };
    expect(thrown(() => root({ ...backend, cluster: 'main' })).message).toContain('platform apprunner'); // prettier-ignore
    expect(thrown(() => root({ ...backend, platform: 'ecs', 'access-role-arn': 'arn:aws:iam::123456789012:role/x' })).input).toBe('access-role-arn'); // prettier-ignore
    expect(thrown(() => root({ ...backend, platform: 'ecs', 'ecs-mode': 'service', container: 'api', 'service-url': 'https://x', cpu: '256' })).message).toContain('ecs-mode service'); // prettier-ignore
    expect(thrown(() => root({ ...backend, platform: 'ecs', container: 'api' })).message).toContain('ecs-mode express'); // prettier-ignore
    expect(thrown(() => root({ ...backend, engine: 'oracle' })).message).toContain('no migrations-path'); // prettier-ignore
    expect(thrown(() => root({ ...backend, prefix: 'app' })).input).toBe('prefix');
  });

  it('names health-timeout (not the part input timeout) when it is wrong', async () => {
    const config = root({ bucket: 'site', platform: 'none', 'site-url': 'https://site.example', 'health-timeout': 'soon' }); // prettier-ignore
    const verify = plannedParts(config).find(([part]) => part === 'verify-health');
    expect(verify).toBeDefined();
    const [part, inputs] = verify ?? ['verify-health', {}];
    await expect(checkPartInputs(part, inputs)).rejects.toThrow(/^Input 'health-timeout': expected a duration/); // prettier-ignore
  });
});
