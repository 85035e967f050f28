/** Every API request the stack answered, in order, for tests to assert on. */
export interface LoggedRequest {
  seq: number;
  time: number;
  service: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  /** The fault applied, if any (error, throttle, latency, reset). */
  fault?: string;
  /** When the request arrived and when its answer was sent (performance.now(), ms). */
  started?: number;
  finished?: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  record(entry: Omit<LoggedRequest, 'seq' | 'time' | 'finished'>): void {
    this.entries.push({ ...entry, seq: ++this.seq, time: Date.now(), finished: performance.now() });
  }

  all(): readonly LoggedRequest[] {
    return this.entries;
  }

  /** Requests of one service (and operation), e.g. `count('s3', 'PutObject')`. */
  filter(service?: string, operation?: string): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (service === undefined || e.service === service) &&
        (operation === undefined || e.operation === operation),
    );
  }

  count(service?: string, operation?: string): number {
    return this.filter(service, operation).length;
  }

  /** Operation names of a service, in order: handy for asserting call sequences. */
  operations(service: string): string[] {
    return this.filter(service).map((e) => e.operation);
  }

  /**
   * Request waves: the longest chain of requests each of which arrived after the answer to the
   * one before it in the chain was sent (so had to wait for it: a dependency, or a full pool).
   * Requests that overlap in time are one wave. Counts only requests with both times.
   */
  waves(service?: string): number {
    return requestWaves(this.filter(service));
  }

  clear(): void {
    this.entries = [];
  }
}

/** See RequestLog.waves: a sweep over arrivals and answers in time order, O(n log n). */
export function requestWaves(
  requests: readonly Pick<LoggedRequest, 'started' | 'finished'>[],
): number {
  const events: [time: number, kind: 0 | 1, index: number][] = [];
  requests.forEach((r, i) => {
    if (r.started === undefined || r.finished === undefined) return;
    // At the same instant an answer counts before an arrival (1 sorts after 0).
    events.push([r.finished, 0, i], [r.started, 1, i]);
  });
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const depth = new Map<number, number>();
  let answered = 0;
  let longest = 0;
  for (const [, kind, index] of events) {
    if (kind === 1) {
      depth.set(index, answered + 1);
      longest = Math.max(longest, answered + 1);
    } else {
      answered = Math.max(answered, depth.get(index) ?? 0);
    }
  }
  return longest;
}
