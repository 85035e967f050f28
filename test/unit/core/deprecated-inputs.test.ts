import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../src/core/errors';
import { actionInputs, InputReader } from '../../../src/core/inputs';
import { setOutput, setOutputs } from '../../../src/core/outputs';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';
import { parseFileCommand } from '../../support/run-dist';

// A renamed input keeps its old name as a deprecated alias: read under the new name, with one
// warning annotation naming the new name. Outputs are written under the names action.yml declares.

let out: CapturedOutput;
beforeEach(() => {
  out = captureStdout();
});
afterEach(() => out.restore());

const aliases = { 'container-port': 'port', 'health-path': 'health-check-path' };
const reader = (values: Record<string, string>): InputReader<'port' | 'health-check-path'> =>
  new InputReader((name) => values[name], aliases);

describe('deprecated input names', () => {
  it('the new name is read as it is, without a warning', () => {
    expect(reader({ port: '8080' }).integer('port')).toBe(8080);
    expect(out.commands('warning')).toEqual([]);
  });

  it('the old name is read under the new one, with one warning that names the new one', () => {
    const inputs = reader({ 'container-port': '8080' });
    expect(inputs.integer('port')).toBe(8080);
    expect(inputs.optional('port')).toBe('8080');
    expect(out.commands('warning')).toEqual([
      "Input 'container-port' is deprecated and will be removed in the next major version: use 'port' instead.",
    ]);
    expect(out.text()).toContain('::warning title=Deprecated input::');
  });

  it('both names set to the same value is fine; to different values is an error naming both', () => {
    expect(reader({ port: '8080', 'container-port': ' 8080 ' }).integer('port')).toBe(8080);
    const both = reader({ port: '8080', 'container-port': '3000' });
    expect(() => both.integer('port')).toThrow(ConfigurationError);
    expect(() => both.integer('port')).toThrow(
      "Input 'port': is also set under its deprecated name 'container-port', to another value: set only 'port'",
    );
  });

  it('an empty old name counts as not set', () => {
    expect(reader({ 'health-path': '  ' }).optional('health-check-path')).toBeUndefined();
    expect(out.commands('warning')).toEqual([]);
  });

  it('actionInputs reads the deprecated names the generated table lists for the action', () => {
    // The root action lists none today: every name reads as declared and none warns.
    const inputs = actionInputs('deploy', (name) => (name === 'port' ? '8080' : undefined));
    expect(inputs.integer('port')).toBe(8080);
    expect(out.commands('warning')).toEqual([]);
  });
});

describe('outputs', () => {
  it('setOutput and setOutputs write the named outputs, leaving undefined ones unset', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'outputs-'));
    const saved = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = path.join(work, 'output');
    writeFileSync(process.env.GITHUB_OUTPUT, '');
    try {
      setOutput('verify-health', 'healthy', 'true');
      setOutputs('deploy-ecs', { status: 'deployed', 'service-url': undefined, image: 'a@1' });
      expect(parseFileCommand(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'))).toEqual({
        healthy: 'true',
        status: 'deployed',
        image: 'a@1',
      });
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = saved;
      rmSync(work, { recursive: true, force: true });
    }
  });
});
