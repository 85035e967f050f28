import fc from 'fast-check';
import type { Service } from '@aws-sdk/client-apprunner';
import { planService } from '../../../src/apprunner/plan';
import { InputReader } from '../../../src/core/inputs';
import { clearRedactions, displayText, redact } from '../../../src/core/mask';
import { SummaryBuilder } from '../../../src/core/summary';
import { readInputs as readAppRunnerInputs } from '../../../src/deploy-apprunner/inputs';
import type { DeployOutcome } from '../../../src/deploy-apprunner/deploy';
import { changeLines, summaryFor } from '../../../src/deploy-apprunner/report';
import { readInputs as readEcsInputs } from '../../../src/deploy-ecs/inputs';
import { readInputs as readHealthInputs } from '../../../src/verify-health/inputs';
import { Redactor } from '../../../src/verify-health/redact';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

let out: CapturedOutput;
beforeEach(() => {
  clearRedactions();
  out = captureStdout();
});
afterEach(() => out.restore());

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64);

/** Secret values as people paste them: long enough to be secrets, any printable character. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9!#$%&*+./:;<>?@^_~-]{8,40}$/);
/** URL passwords: characters a URL's userinfo carries unencoded. */
const urlPassword = fc.stringMatching(/^[A-Za-z0-9!$&*+._~-]{6,30}$/);
/** Names of variables that hold secrets, in the forms projects use. */
const secretName = fc
  .tuple(
    fc.constantFrom('', 'DB_', 'JWT_', 'APP_', 'STRIPE_', 'GITHUB_', 'ADMIN_'),
    fc.constantFrom(
      'PASS',
      'PASSWORD',
      'PWD',
      'SECRET',
      'TOKEN',
      'KEY',
      'SIGNING_KEY',
      'API_KEY',
      'APIKEY',
      'PRIVATE_KEY',
      'SESSION_SECRET',
      'AUTH',
      'CREDENTIALS',
    ),
  )
  .map(([prefix, suffix]) => `${prefix}${suffix}`);

function outcomeOf(environment: Record<string, string>, before: Record<string, string>) {
  const current = {
    ServiceName: 'web',
    ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/web/x',
    Status: 'RUNNING',
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: IMAGE,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: { RuntimeEnvironmentVariables: before },
      },
    },
  } as Service;
  const spec = { image: IMAGE, repositoryType: 'ECR', healthCheck: {}, autoScaling: {}, tags: {}, environment } as const; // prettier-ignore
  const plan = planService(current, undefined, spec);
  return {
    status: 'updated',
    action: 'update',
    serviceName: 'web',
    serviceArn: current.ServiceArn,
    serviceUrl: undefined,
    operationId: 'op',
    operationStatus: 'SUCCEEDED',
    image: IMAGE,
    previousImage: IMAGE,
    requestedImage: IMAGE,
    plan,
    scaling: undefined,
    replacedFailed: false,
    elapsedMs: 1000,
  } as DeployOutcome;
}

describe('secrets never reach the log, the summary or an output', () => {
  it('deploy-apprunner: secret-named variables and URL passwords, new or replaced', () => {
    fc.assert(
      fc.property(
        secretName,
        secretValue,
        secretValue,
        urlPassword,
        urlPassword,
        (name, value, old, password, oldPassword) => {
          clearRedactions();
          const url = `postgres://app:${password}@db.internal:5432/app`;
          const config = readAppRunnerInputs(
            new InputReader(
              (input) =>
                ({
                  'aws-region': 'us-east-1',
                  service: 'web-app',
                  image: IMAGE,
                  environment: `MODE=prod\n${name}=${value}\nDATABASE_URL=${url}`,
                })[input],
            ),
          );
          expect(config.sensitiveEnvironment.sort()).toEqual(['DATABASE_URL', name].sort());
          const outcome = outcomeOf(config.spec.environment ?? {}, {
            [name]: old,
            DATABASE_URL: `postgres://app:${oldPassword}@db.internal:5432/app`,
          });
          const shown = [summaryFor(outcome).toString(), ...changeLines(outcome).map(displayText)];
          for (const text of shown) {
            expect(text).not.toContain(value);
            expect(text).not.toContain(password);
            expect(text).not.toContain(old);
            expect(text).not.toContain(`:${oldPassword}@`);
          }
          // The log: the runner masks every registered form.
          expect(out.commands('add-mask')).toEqual(expect.arrayContaining([value, password]));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a KEY=value parse error never echoes the line (part of a multi-line secret)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/]{12,64}$/), (pemLine) => {
        const read = () =>
          readAppRunnerInputs(
            new InputReader(
              (input) =>
                ({
                  'aws-region': 'us-east-1',
                  service: 'web-app',
                  image: IMAGE,
                  environment: `PRIVATE_PEM=-----BEGIN KEY-----\n${pemLine}\n-----END KEY-----`,
                })[input],
            ),
          );
        expect(read).toThrow(/Input 'environment': line 2 must look like KEY=value/);
        expect(read).not.toThrow(pemLine);
      }),
    );
  });

  it('deploy-ecs never quotes a secret value pasted into secrets', () => {
    fc.assert(
      fc.property(secretValue, (value) => {
        const read = () =>
          readEcsInputs(
            new InputReader(
              (input) =>
                ({
                  'aws-region': 'us-east-1',
                  service: 'web',
                  image: IMAGE,
                  'execution-role-arn': 'arn:aws:iam::123456789012:role/exec',
                  'infrastructure-role-arn': 'arn:aws:iam::123456789012:role/infra',
                  secrets: `DB_PASSWORD=${value}`,
                })[input],
            ),
          );
        expect(read).toThrow(/Input 'secrets': DB_PASSWORD must reference/);
        expect(read).not.toThrow(value);
      }),
    );
  });

  it('verify-health: a token echoed in a body, Basic credentials of a URL, a token cut by the excerpt', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._~-]{16,64}$/),
        urlPassword,
        fc.nat({ max: 600 }),
        (token, password, padding) => {
          clearRedactions();
          const config = readHealthInputs(
            new InputReader(
              (input) =>
                ({
                  urls: `https://ops:${password}@app.example.com/health`,
                  headers: `Authorization=Bearer ${token}`,
                })[input],
            ),
          );
          const redactor = new Redactor(config.secrets);
          const basic = Buffer.from(`ops:${password}`).toString('base64');
          // A server echoing the request: the bare token, the Basic header, the URL; the token
          // placed so that the 500-character excerpt cuts it when padding is near 500.
          const body = `${'x'.repeat(padding)}${token} Authorization: Basic ${basic} https://ops:${password}@app.example.com/`;
          const shown = [
            redactor.excerpt(body),
            redactor.redact(body),
            config.targets[0]?.display ?? '',
          ];
          for (const text of shown) {
            expect(text).not.toContain(token.slice(0, 8));
            expect(text).not.toContain(basic);
            expect(text).not.toContain(`:${password}@`);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('the one path for text from outside the code', () => {
  it('redacts registered secrets and any URL password in summaries', () => {
    const summary = new SummaryBuilder()
      .paragraph('db at mysql://root:hunter22@db:3306/app')
      .table(['a'], [['redis://:s3cret-pass@cache:6379']])
      .toString();
    expect(summary).not.toContain('hunter22');
    expect(summary).not.toContain('s3cret-pass');
    expect(redact('postgres://u:p@ss@host/db')).toBe('postgres://u:***@host/db');
  });

  it('keeps every generated string on one log line, with no workflow command', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const shown = displayText(`::warning::${text}\n::add-mask::x`);
        expect(shown).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(shown.split('::').length).toBeGreaterThan(1);
        expect(shown.startsWith('::warning::')).toBe(true);
      }),
    );
  });
});
