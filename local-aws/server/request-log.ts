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
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  record(entry: Omit<LoggedRequest, 'seq' | 'time'>): void {
    this.entries.push({ ...entry, seq: ++this.seq, time: Date.now() });
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

  clear(): void {
    this.entries = [];
  }
}
