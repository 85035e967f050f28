import { systemClock, formatDuration, type Clock } from '../core/clock';
import { WaitTimeoutError } from '../core/errors';
import { waitFor, type PollResult } from '../core/wait';
import type { CheckFn, CheckResult } from './check';
import type { Target } from './inputs';
import { percentile } from './stats';

export interface LoopSettings {
  targets: readonly Target[];
  timeoutMs: number;
  intervalMs: number;
  maxIntervalMs: number;
  consecutiveSuccesses: number;
  latencyBudgetP95Ms?: number;
}

export interface VerifyDeps {
  check: CheckFn;
  clock?: Clock;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Random source for backoff jitter (tests pin it). */
  random?: () => number;
}

/** What happened to one URL over all rounds. */
export interface UrlReport {
  target: Target;
  checks: number;
  passed: number;
  /** Latencies of every check that got a response. */
  latencies: number[];
  last?: CheckResult;
  /** The last check that failed, kept for the failure report. */
  lastFailure?: CheckResult;
}

export interface VerifyOutcome {
  healthy: boolean;
  /** Why the release is not healthy. */
  reason?: string;
  rounds: number;
  elapsedMs: number;
  /** From the start until the first round of the passing streak completed. */
  firstHealthyAfterMs?: number;
  urls: UrlReport[];
}

class FatalCheck extends Error {}

/**
 * Checks every URL each round (in parallel) until `consecutiveSuccesses` rounds in a row pass
 * completely (and, with a latency budget, their p95 fits it), or the deadline passes. Waiting
 * between rounds uses the shared backoff; a passing round restarts it at the base interval.
 */
export async function verifyHealth(
  settings: LoopSettings,
  deps: VerifyDeps,
): Promise<VerifyOutcome> {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? (() => undefined);
  const started = clock.now();
  const urls: UrlReport[] = settings.targets.map((target) => ({
    target,
    checks: 0,
    passed: 0,
    latencies: [],
  }));
  const needed = settings.consecutiveSuccesses;
  let streak: number[][][] = []; // per passing round, per URL, latencies
  let streakStartedMs: number | undefined;
  let rounds = 0;

  const poll = async (): Promise<PollResult<number>> => {
    rounds++;
    const results = await Promise.all(settings.targets.map((target) => deps.check(target)));
    const elapsed = clock.now() - started;
    results.forEach((result, i) => record(urls[i] as UrlReport, result));
    for (const result of results) log(roundLine(rounds, elapsed, result));
    const fatal = results.find((r) => r.fatal === true);
    if (fatal !== undefined)
      throw new FatalCheck(`${fatal.target.display}: ${fatal.reason ?? 'failed'}`);

    const failed = results.filter((r) => !r.passed);
    if (failed.length > 0) {
      streak = [];
      streakStartedMs = undefined;
      return {
        done: false,
        state: failed.map((r) => `${r.target.display}: ${r.reason ?? 'failed'}`).join('; '),
      };
    }
    streakStartedMs ??= elapsed;
    streak.push(results.map((r) => (r.latencyMs === undefined ? [] : [r.latencyMs])));
    if (streak.length > needed) streak.shift();
    if (streak.length < needed) {
      return {
        done: false,
        state: `${streak.length} of ${needed} consecutive rounds passed`,
        resetBackoff: true,
      };
    }
    const slow = overBudget(settings, streak);
    if (slow !== undefined) return { done: false, state: slow, resetBackoff: true };
    return { done: true, value: streakStartedMs };
  };

  try {
    const outcome = await waitFor({
      description: `${settings.targets.length === 1 ? 'the URL' : `${settings.targets.length} URLs`} to pass ${needed} consecutive check round(s)`,
      poll,
      timeoutMs: settings.timeoutMs,
      backoff: {
        initialDelayMs: settings.intervalMs,
        maxDelayMs: settings.maxIntervalMs,
        factor: 1.5,
        ...(deps.random === undefined ? {} : { random: deps.random }),
      },
      clock,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    return {
      healthy: true,
      rounds,
      elapsedMs: clock.now() - started,
      firstHealthyAfterMs: outcome.value,
      urls,
    };
  } catch (error) {
    const elapsedMs = clock.now() - started;
    if (error instanceof FatalCheck) {
      return {
        healthy: false,
        reason: `${error.message} (not retried: waiting cannot fix it)`,
        rounds,
        elapsedMs,
        urls,
      };
    }
    if (error instanceof WaitTimeoutError) {
      const reason =
        `not healthy within ${formatDuration(settings.timeoutMs)} (${rounds} round(s)): ` +
        timeoutReason(error.lastState, streak.length, needed, urls);
      return { healthy: false, reason, rounds, elapsedMs, urls };
    }
    throw error;
  }
}

function record(report: UrlReport, result: CheckResult): void {
  report.checks++;
  if (result.passed) report.passed++;
  else report.lastFailure = result;
  if (result.latencyMs !== undefined) report.latencies.push(result.latencyMs);
  report.last = result;
}

function overBudget(settings: LoopSettings, streak: number[][][]): string | undefined {
  const budget = settings.latencyBudgetP95Ms;
  if (budget === undefined) return undefined;
  const over: string[] = [];
  settings.targets.forEach((target, i) => {
    const values = streak.flatMap((round) => round[i] ?? []);
    if (values.length === 0) return;
    const p95 = percentile(values, 95);
    if (p95 > budget) {
      over.push(
        `${target.display}: p95 latency ${Math.round(p95)} ms over the ${formatDuration(budget)} budget`,
      );
    }
  });
  return over.length === 0 ? undefined : over.join('; ');
}

function timeoutReason(
  lastState: string | undefined,
  streak: number,
  needed: number,
  urls: UrlReport[],
): string {
  if (streak === 0) return lastState ?? 'no round completed';
  // The last round passed but the streak was too short (flapping) or too slow: say both.
  const failures = urls
    .filter((u) => u.lastFailure !== undefined)
    .map((u) => `${u.target.display}: ${u.lastFailure?.reason ?? 'failed'}`);
  const latest = failures.length === 0 ? '' : `; last failure: ${failures.join('; ')}`;
  return streak >= needed
    ? `${lastState ?? 'latency over budget'}`
    : `only ${streak} of ${needed} consecutive rounds passed${latest}`;
}

function roundLine(round: number, elapsedMs: number, result: CheckResult): string {
  const status = result.status === undefined ? 'no response' : `${result.status}`;
  const latency = result.latencyMs === undefined ? '' : ` in ${Math.round(result.latencyMs)} ms`;
  const version = result.versionSeen === undefined ? '' : `, version ${result.versionSeen}`;
  const verdict = result.passed ? 'ok' : `FAIL: ${result.reason ?? 'failed'}`;
  return `round ${round} (${formatDuration(elapsedMs)}): ${result.target.display} -> ${status}${latency}${version}: ${verdict}`;
}
