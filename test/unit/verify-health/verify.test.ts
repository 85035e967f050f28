import type { Clock } from '../../../src/core/clock';
import { CancelledError } from '../../../src/core/errors';
import type { CheckResult } from '../../../src/verify-health/check';
import type { Target } from '../../../src/verify-health/inputs';
import { verifyHealth, type LoopSettings } from '../../../src/verify-health/verify';

/** A clock that only moves when the code sleeps or a check "takes" time. */
function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const a: Target = { url: new URL('https://a.example/health'), display: 'https://a.example/health' };
const b: Target = { url: new URL('https://b.example/'), display: 'https://b.example/' };

const pass = (target: Target, latencyMs = 20): CheckResult => ({
  target,
  passed: true,
  status: 200,
  latencyMs,
});
const fail = (target: Target, reason = 'status 503, expected 200-299'): CheckResult => ({
  target,
  passed: false,
  status: 503,
  latencyMs: 5,
  reason,
  bodyExcerpt: 'upstream not ready',
});

function settings(overrides: Partial<LoopSettings> = {}): LoopSettings {
  return {
    targets: [a],
    timeoutMs: 10_000,
    intervalMs: 200,
    maxIntervalMs: 2000,
    consecutiveSuccesses: 3,
    ...overrides,
  };
}

/** Scripts a check per URL: each call returns the next result, the last one repeating. */
function scripted(
  clock: ReturnType<typeof fakeClock>,
  script: Map<Target, ((t: Target) => CheckResult)[]>,
  latencyMs = 10,
) {
  const calls = new Map<Target, number>();
  return (target: Target): Promise<CheckResult> => {
    const n = calls.get(target) ?? 0;
    calls.set(target, n + 1);
    const steps = script.get(target) ?? [];
    const step = steps[Math.min(n, steps.length - 1)];
    if (step === undefined) throw new Error('no script');
    clock.advance(latencyMs);
    return Promise.resolve(step(target));
  };
}

const noResponse = (t: Target): CheckResult => ({
  target: t,
  passed: false,
  reason: 'connection refused (nothing listening yet)',
});

describe('verifyHealth', () => {
  it('retries through a cold start and succeeds after N consecutive passing rounds', async () => {
    const clock = fakeClock();
    const check = scripted(clock, new Map([[a, [noResponse, noResponse, fail, (t) => pass(t)]]]));
    const lines: string[] = [];
    const outcome = await verifyHealth(settings(), {
      check,
      clock,
      random: () => 0.999,
      log: (l) => lines.push(l),
    });
    expect(outcome.healthy).toBe(true);
    expect(outcome.rounds).toBe(6);
    expect(outcome.urls[0]).toMatchObject({ checks: 6, passed: 3 });
    // Failing rounds back off (200, 300, 450 ms); passing rounds come at the base interval.
    expect(clock.sleeps).toEqual([199, 299, 449, 199, 199]);
    // Healthy since the 4th round finished: 4 checks of 10 ms plus the three backoff sleeps.
    expect(outcome.firstHealthyAfterMs).toBe(40 + 199 + 299 + 449);
    expect(lines[0]).toMatch(
      /^round 1 \(10ms\): https:\/\/a.example\/health -> no response: FAIL: connection refused/,
    );
    expect(lines[5]).toMatch(/^round 6 .* -> 200 in 20 ms: ok$/);
  });

  it('counts a round only when every URL passes', async () => {
    const clock = fakeClock();
    const check = scripted(
      clock,
      new Map([
        [a, [(t) => pass(t)]],
        [b, [(t) => pass(t), (t) => fail(t), (t) => pass(t)]],
      ]),
    );
    const outcome = await verifyHealth(settings({ targets: [a, b] }), { check, clock });
    expect(outcome.healthy).toBe(true);
    expect(outcome.rounds).toBe(5);
    expect(outcome.urls.map((u) => [u.checks, u.passed])).toEqual([
      [5, 5],
      [5, 4],
    ]);
  });

  it('fails at the deadline when the service flaps, naming the last failure', async () => {
    const clock = fakeClock();
    let n = 0;
    const flapping = (t: Target): Promise<CheckResult> => {
      n++;
      clock.advance(10);
      return Promise.resolve(n % 3 === 0 ? fail(t) : pass(t));
    };
    const outcome = await verifyHealth(settings({ timeoutMs: 3000 }), { check: flapping, clock });
    expect(outcome.healthy).toBe(false);
    expect(outcome.reason).toMatch(/^not healthy within 3\.0s \(\d+ round\(s\)\): /);
    // Pass, pass, fail, repeated: the streak never reaches 3.
    expect(outcome.reason).toMatch(
      /(only [12] of 3 consecutive rounds passed; last failure: )?https:\/\/a.example\/health: status 503, expected 200-299$/,
    );
    expect(outcome.urls[0]?.passed).toBeGreaterThanOrEqual(4);
    expect(outcome.urls[0]?.lastFailure?.bodyExcerpt).toBe('upstream not ready');
    // Never past the deadline: the last round starts at it at the latest.
    expect(clock.now() - 1_000_000).toBeLessThanOrEqual(3000 + 10);
  });

  it('says how many rounds in a row passed when the deadline cuts a streak short', async () => {
    const clock = fakeClock();
    // Checks take 400 ms: fail, fail, then passes at 1.7s, 2.3s, 2.9s and 3.4s (past the deadline).
    const check = scripted(clock, new Map([[a, [fail, fail, (t) => pass(t)]]]), 400);
    const outcome = await verifyHealth(settings({ timeoutMs: 3000, consecutiveSuccesses: 5 }), {
      check,
      clock,
      random: () => 0.999,
    });
    expect(outcome.healthy).toBe(false);
    expect(outcome.rounds).toBe(6);
    expect(outcome.reason).toMatch(
      /only 4 of 5 consecutive rounds passed; last failure: https:\/\/a.example\/health: status 503, expected 200-299$/,
    );
  });

  it('stops at once on a TLS failure', async () => {
    const clock = fakeClock();
    const tls = (t: Target): CheckResult => ({
      target: t,
      passed: false,
      fatal: true,
      reason: 'TLS error DEPTH_ZERO_SELF_SIGNED_CERT: self-signed',
    });
    const check = scripted(clock, new Map([[a, [tls]]]));
    const outcome = await verifyHealth(settings(), { check, clock });
    expect(outcome).toMatchObject({ healthy: false, rounds: 1 });
    expect(outcome.reason).toBe(
      'https://a.example/health: TLS error DEPTH_ZERO_SELF_SIGNED_CERT: self-signed (not retried: waiting cannot fix it)',
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps checking while the p95 of the streak is over the latency budget', async () => {
    const clock = fakeClock();
    const slowThenFast = [
      (t: Target) => pass(t, 900),
      (t: Target) => pass(t, 900),
      (t: Target) => pass(t, 100),
      (t: Target) => pass(t, 100),
      (t: Target) => pass(t, 100),
    ];
    const check = scripted(clock, new Map([[a, slowThenFast]]));
    const outcome = await verifyHealth(settings({ latencyBudgetP95Ms: 500 }), { check, clock });
    expect(outcome.healthy).toBe(true);
    // Rounds 1-3 hold a 900 ms check; only the window of rounds 3-5 fits the budget.
    expect(outcome.rounds).toBe(5);
  });

  it('fails with the latency reason when the budget is never met', async () => {
    const clock = fakeClock();
    const check = scripted(clock, new Map([[a, [(t) => pass(t, 900)]]]));
    const outcome = await verifyHealth(settings({ latencyBudgetP95Ms: 500, timeoutMs: 2000 }), {
      check,
      clock,
    });
    expect(outcome.healthy).toBe(false);
    expect(outcome.reason).toMatch(
      /https:\/\/a.example\/health: p95 latency 900 ms over the 500ms budget$/,
    );
  });

  it('lets a cancellation through instead of reporting unhealthy', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const check = (t: Target): Promise<CheckResult> => {
      controller.abort(new Error('cancelled by SIGTERM'));
      return Promise.resolve(fail(t));
    };
    await expect(
      verifyHealth(settings(), { check, clock, signal: controller.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
