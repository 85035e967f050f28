/**
 * Fault injection, per service and operation: errors, throttling, latency, connection resets,
 * and answers that are not AWS's (a proxy's or gateway's HTML error page, an empty body).
 */
export interface FaultRule {
  /** Service name as registered in the stack (s3, ecr, apprunner, ecs, logs, cloudfront...). */
  service: string;
  /** Operation name (PutObject, UpdateService...); any operation when absent. */
  operation?: string;
  /** `gateway`: answers `status` (default 502) with `body` as text/html, as a proxy would. */
  kind: 'error' | 'throttle' | 'latency' | 'reset' | 'gateway';
  /** Applies to the next N matching requests, then the rule is spent. */
  times?: number;
  /** Or: applies with this probability (0-1) per request, from a seeded generator. */
  rate?: number;
  /** For `error`: HTTP status (default 500) and error code (default InternalError / service's). */
  status?: number;
  code?: string;
  message?: string;
  /** For `gateway`: the body (default an nginx-like 502 page; '' sends an empty body). */
  body?: string;
  /** For `latency`: added delay in ms. */
  latencyMs?: number;
}

export interface ActiveFault extends FaultRule {
  id: number;
  /** Times this rule fired. */
  fired: number;
}

/** Deterministic pseudo-random numbers (mulberry32) so fault rates are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed = 42) {
    this.random = seeded(seed);
  }

  add(rule: FaultRule): ActiveFault {
    if (rule.times === undefined && rule.rate === undefined) {
      throw new Error('a fault rule needs `times` or `rate`');
    }
    const active: ActiveFault = { ...rule, id: this.nextId++, fired: 0 };
    this.rules.push(active);
    return active;
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly ActiveFault[] {
    return this.rules;
  }

  /** The faults to apply to one request (latency can combine with one failure). */
  match(service: string, operation: string): ActiveFault[] {
    const hits: ActiveFault[] = [];
    for (const rule of this.rules) {
      if (rule.service !== service && rule.service !== '*') continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.times !== undefined) {
        if (rule.fired >= rule.times) continue;
      } else if (rule.rate !== undefined && this.random() >= rule.rate) {
        continue;
      }
      rule.fired++;
      hits.push(rule);
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.fired < r.times);
    return hits;
  }
}
