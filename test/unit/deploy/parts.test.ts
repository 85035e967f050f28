import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PartFailedError, parseOutputFile, runPart } from '../../../src/deploy/parts';

// runPart runs a single action's own run() in this process with the part's inputs and a private
// GITHUB_OUTPUT, then puts the root action's environment back. Exercised with verify-health (no
// AWS) against a real loopback server.

let server: Server;
let url: string;
let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', version: 'v1' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = mkdtempSync(path.join(os.tmpdir(), 'deploy-parts-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  process.env.INPUT_SERVICE = 'root-value';
  process.env.GITHUB_OUTPUT = path.join(work, 'root-output');
  process.env.GITHUB_STEP_SUMMARY = path.join(work, 'summary');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const signal = new AbortController().signal;

describe('runPart', () => {
  it("runs the action's run() with the part's inputs and returns its outputs", async () => {
    const outputs = await runPart(
      'verify-health',
      {
        urls: url,
        paths: '/health',
        'expected-version': 'v1',
        'version-json-path': '$.version',
        'consecutive-successes': '1',
      },
      signal,
    );
    expect(outputs.healthy).toBe('true');
    expect(outputs.attempts).toBe('1');
    // The root action's own environment is back, and its output file untouched.
    expect(process.env.INPUT_SERVICE).toBe('root-value');
    expect(process.env.INPUT_URLS).toBeUndefined();
    expect(process.env.GITHUB_OUTPUT).toBe(path.join(work, 'root-output'));
    expect(readFileSync(path.join(work, 'root-output'), 'utf8')).toBe('');
    // The part's summary went to the job summary.
    expect(readFileSync(path.join(work, 'summary'), 'utf8')).toContain(url);
  });

  it('carries the outputs a failing part wrote, and restores the environment', async () => {
    let caught: unknown;
    try {
      await runPart(
        'verify-health',
        {
          urls: url,
          'expected-version': 'v2',
          'version-json-path': '$.version',
          timeout: '1s',
          interval: '100ms',
          'consecutive-successes': '1',
        },
        signal,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PartFailedError);
    expect((caught as PartFailedError).part).toBe('verify-health');
    expect((caught as PartFailedError).outputs.healthy).toBe('false');
    expect(process.env.INPUT_SERVICE).toBe('root-value');
    expect(process.env.INPUT_EXPECTED_VERSION).toBeUndefined();
  });

  it('parses heredoc and plain outputs', () => {
    expect(parseOutputFile('a<<EOF_1\nline 1\nline 2\nEOF_1\nb=2\n')).toEqual({
      a: 'line 1\nline 2',
      b: '2',
    });
  });
});
