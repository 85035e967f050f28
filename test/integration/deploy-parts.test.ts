import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundlesBesideEntry, createPartRunner, PartFailedError } from '../../src/deploy/parts';
import { assertFreshBundle } from '../support/bundle-freshness';
import { nodeRuntimes, repoRoot } from '../support/run-dist';

// The root action runs each part's compiled bundle (dist/<part>/index.js) in a child process
// the way the runner runs an action. Exercised with the real verify-health bundle (no AWS)
// against a real loopback server, on Node 24 and the machine's Node.

const bundles = path.join(repoRoot, 'dist');
let server: Server;
let url: string;
let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  assertFreshBundle('verify-health', repoRoot);
  server = createServer((request, response) => {
    if (request.url === '/slow') return; // never answers: a part that waits until cancelled
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', version: 'v1' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = mkdtempSync(path.join(os.tmpdir(), 'deploy-parts-'));
});

afterAll(async () => {
  server.closeAllConnections();
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

describe.each(nodeRuntimes())('the part runner on $label', ({ path: node }) => {
  it("runs the part's bundle with the part's inputs and returns its outputs", async () => {
    const log: string[] = [];
    const runPart = createPartRunner({ bundles, node, write: (line) => log.push(line) });
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
    // The part logged through us; the root action's own output file is untouched.
    expect(log.join('\n')).toContain(url);
    expect(readFileSync(path.join(work, 'root-output'), 'utf8')).toBe('');
    expect(process.env.INPUT_URLS).toBeUndefined();
    // The part's summary went to the job summary.
    expect(readFileSync(path.join(work, 'summary'), 'utf8')).toContain(url);
  });

  it("turns the part's ::error:: into the failure's reason, with the outputs it wrote", async () => {
    const log: string[] = [];
    const runPart = createPartRunner({ bundles, node, write: (line) => log.push(line) });
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
    const failure = caught as PartFailedError;
    expect(failure.part).toBe('verify-health');
    expect(failure.outputs.healthy).toBe('false');
    // One prefix, not "verify-health: verify-health: ...".
    expect(failure.message).toMatch(/^verify-health: (?!verify-health:)/);
    expect(failure.message).toContain('v2');
    // No second annotation: the child's ::error:: reached the log as a plain line.
    expect(log.some((line) => line.startsWith('::error'))).toBe(false);
    expect(log.some((line) => line.startsWith('Error: verify-health: '))).toBe(true);
  });

  it('passes workflow commands such as ::add-mask:: through unchanged', async () => {
    const log: string[] = [];
    const runPart = createPartRunner({ bundles, node, write: (line) => log.push(line) });
    await runPart(
      'verify-health',
      {
        urls: url,
        headers: 'Authorization=Bearer s3cr3t-token-value',
        'consecutive-successes': '1',
      },
      signal,
    );
    expect(log).toContain('::add-mask::Bearer s3cr3t-token-value');
  });

  it('stops the part when the root action is cancelled', async () => {
    const runPart = createPartRunner({ bundles, node, write: () => undefined });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 1500);
    await expect(
      runPart(
        'verify-health',
        { urls: `${url}/slow`, timeout: '5m', 'request-timeout': '2m' },
        controller.signal,
      ),
    ).rejects.toBeInstanceOf(PartFailedError);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('where the bundles are', () => {
  it('finds dist/ from the root entry dist/deploy/index.js', () => {
    expect(bundlesBesideEntry('/x/action/dist/deploy/index.js')).toBe('/x/action/dist');
  });

  it('says which bundle is missing', async () => {
    const empty = path.join(work, 'empty-dist');
    mkdirSync(empty, { recursive: true });
    const runPart = createPartRunner({ bundles: empty });
    await expect(runPart('verify-health', { urls: url }, signal)).rejects.toThrow(
      /verify-health bundle is missing/,
    );
  });
});
