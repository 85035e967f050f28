import { evaluateResponse } from './evaluate';
import { RequestFailure, sendRequest } from './http-request';
import type { Target, VerifyHealthConfig } from './inputs';
import { displayUrl } from './inputs';
import type { Redactor } from './redact';

/** The outcome of one request to one URL, with everything shown already redacted. */
export interface CheckResult {
  target: Target;
  passed: boolean;
  /** Why it failed. */
  reason?: string;
  /** Set when the failure cannot heal by waiting (TLS): the step fails at once. */
  fatal?: boolean;
  status?: number;
  latencyMs?: number;
  versionSeen?: string;
  /** The start of the body (capped, secrets redacted), kept for the failure report. */
  bodyExcerpt?: string;
}

export type CheckFn = (target: Target) => Promise<CheckResult>;

/** Checks one URL once: request, judge, redact. Never throws for network trouble. */
export async function checkTarget(
  target: Target,
  config: VerifyHealthConfig,
  redactor: Redactor,
  signal?: AbortSignal,
): Promise<CheckResult> {
  try {
    const response = await sendRequest({
      url: target.url,
      method: config.method,
      headers: config.headers,
      timeoutMs: config.requestTimeoutMs,
      followRedirects: config.followRedirects,
      ...(config.extraCa === undefined ? {} : { extraCa: config.extraCa }),
      ...(signal === undefined ? {} : { signal }),
    });
    const verdict = evaluateResponse(response, config.expect);
    const via =
      response.redirects > 0
        ? ` (after ${response.redirects} redirect(s) to ${displayUrl(response.finalUrl)})`
        : '';
    return {
      target,
      passed: verdict.passed,
      status: response.status,
      latencyMs: response.latencyMs,
      bodyExcerpt: redactor.excerpt(response.body),
      ...(verdict.reason === undefined ? {} : { reason: redactor.redact(verdict.reason + via) }),
      ...(verdict.versionSeen === undefined
        ? {}
        : { versionSeen: redactor.redact(verdict.versionSeen) }),
    };
  } catch (error) {
    if (!(error instanceof RequestFailure)) throw error;
    return {
      target,
      passed: false,
      reason: redactor.redact(error.message),
      ...(error.kind === 'tls' ? { fatal: true } : {}),
    };
  }
}
