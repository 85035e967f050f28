import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { systemClock, formatDuration, type Clock } from '../core/clock';
import { DeploymentFailedError, WaitTimeoutError } from '../core/errors';
import { waitFor } from '../core/wait';
import { releasesPrefix } from './releases';

/** The conditional writes the lock needs (SiteBucket implements them over S3). */
export interface LockStore {
  createIfAbsent(key: string, body: string): Promise<string | undefined>;
  replaceIfMatch(key: string, body: string, etag: string): Promise<string | undefined>;
  readWithEtag(key: string): Promise<{ text: string; etag: string } | undefined>;
  deleteIfMatch(key: string, etag: string): Promise<boolean>;
}

/** What the lock object holds: who holds it, and until when unless refreshed. */
export interface LockRecord {
  owner: string;
  token: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface LockOptions {
  /** How long another sync's lock is waited for (0: fail at once). */
  waitMs: number;
  /** A lock not refreshed for this long is expired: its holder crashed. */
  ttlMs?: number;
  owner?: string;
  clock?: Clock;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** 10 minutes, refreshed every third of it while the sync runs. */
export const LOCK_TTL_MS = 10 * 60_000;

/** The lock object of a site: under .releases/, so it is never published, pruned or listed. */
export function lockKey(prefix: string): string {
  return `${releasesPrefix(prefix)}lock.json`;
}

/** Who is syncing: the workflow run (repository, workflow, run, attempt, job), else the host. */
export function lockOwner(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GITHUB_RUN_ID !== undefined && env.GITHUB_RUN_ID !== '') {
    const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
    return `${env.GITHUB_REPOSITORY ?? '?'} workflow "${env.GITHUB_WORKFLOW ?? '?'}" run ${env.GITHUB_RUN_ID} attempt ${attempt} job ${env.GITHUB_JOB ?? '?'}`; // prettier-ignore
  }
  return `${os.hostname()} pid ${process.pid}`;
}

/**
 * A lock on one site (bucket and prefix), so two syncs never interleave: the second would plan
 * from a state the first is changing, and could publish an index.html whose assets the first
 * prunes. Taken by creating the lock object with If-None-Match: * (only one creation can
 * succeed), refreshed and released with If-Match on its ETag (only the holder's write can
 * succeed); a lock whose holder stopped refreshing it expires and is taken over the same way.
 */
export class BucketLock {
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  /** Set when a refresh found the lock taken by someone else. */
  lost = false;

  private constructor(
    private readonly store: LockStore,
    readonly key: string,
    private record: LockRecord,
    private etag: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  static async acquire(store: LockStore, key: string, options: LockOptions): Promise<BucketLock> {
    const clock = options.clock ?? systemClock;
    const ttlMs = options.ttlMs ?? LOCK_TTL_MS;
    const log = options.log ?? (() => undefined);
    const owner = options.owner ?? lockOwner();
    const token = randomUUID();
    const recordAt = (): LockRecord => ({
      owner,
      token,
      acquiredAt: new Date(clock.now()).toISOString(),
      expiresAt: new Date(clock.now() + ttlMs).toISOString(),
    });
    let holder: LockRecord | undefined;
    const attempt = async (): Promise<{ record: LockRecord; etag: string } | undefined> => {
      const record = recordAt();
      const created = await store.createIfAbsent(key, JSON.stringify(record));
      if (created !== undefined) return { record, etag: created };
      const current = await store.readWithEtag(key);
      if (current === undefined) return undefined; // released meanwhile: try again
      holder = parseRecord(current.text);
      if (holder !== undefined && Date.parse(holder.expiresAt) > clock.now()) return undefined;
      // Expired (its holder crashed) or unreadable: take it over, unless someone else does first.
      const taken = await store.replaceIfMatch(key, JSON.stringify(record), current.etag);
      if (taken === undefined) return undefined;
      log(`took over the lock of ${describeHolder(holder)}: it had expired`);
      return { record, etag: taken };
    };
    try {
      const { value } = await waitFor({
        description: `the lock ${key}`,
        timeoutMs: options.waitMs,
        backoff: { initialDelayMs: 2000, maxDelayMs: 15_000, factor: 1.5 },
        clock,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        poll: async () => {
          const got = await attempt();
          return got === undefined
            ? { done: false, state: `held by ${describeHolder(holder)}` }
            : { done: true, value: got };
        },
        onPending: (state, elapsedMs) =>
          log(`waiting for another sync of this site: ${state} (${formatDuration(elapsedMs)})`),
      });
      const lock = new BucketLock(store, key, value.record, value.etag, ttlMs, clock, log);
      lock.startRefreshing();
      return lock;
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      throw new DeploymentFailedError(
        `another sync is publishing this site: the lock ${key} is held by ${describeHolder(holder)}. ` +
          'Nothing was written. Run again once it has finished (a lock whose holder crashed expires by itself), or raise lock-timeout to wait longer.', // prettier-ignore
      );
    }
  }

  get owner(): string {
    return this.record.owner;
  }

  /** Extends the expiry (If-Match on the lock's ETag); marks the lock lost if it was taken. */
  async refresh(): Promise<void> {
    const record = { ...this.record, expiresAt: new Date(this.clock.now() + this.ttlMs).toISOString() }; // prettier-ignore
    const etag = await this.store.replaceIfMatch(this.key, JSON.stringify(record), this.etag);
    if (etag === undefined) {
      this.lost = true;
      this.stopRefreshing();
      this.log(`warning: the lock ${this.key} was taken over by another sync`);
      return;
    }
    this.record = record;
    this.etag = etag;
  }

  /** Deletes the lock object if it still is this sync's. */
  async release(): Promise<void> {
    this.stopRefreshing();
    await this.refreshing;
    if (this.lost) return;
    if (!(await this.store.deleteIfMatch(this.key, this.etag))) {
      this.log(`the lock ${this.key} was no longer this sync's when released`);
    }
  }

  private startRefreshing(): void {
    this.timer = setInterval(() => {
      this.refreshing = this.refresh().catch((error: unknown) => {
        this.log(`could not refresh the lock ${this.key}: ${String(error)}`);
      });
    }, this.ttlMs / 3);
    this.timer.unref();
  }

  private stopRefreshing(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.owner !== 'string' || typeof value.expiresAt !== 'string') return undefined;
    if (Number.isNaN(Date.parse(value.expiresAt))) return undefined;
    return {
      owner: value.owner,
      token: String(value.token ?? ''),
      acquiredAt: String(value.acquiredAt ?? ''),
      expiresAt: value.expiresAt,
    };
  } catch {
    return undefined;
  }
}

function describeHolder(holder: LockRecord | undefined): string {
  if (holder === undefined) return 'an unknown holder';
  return `${holder.owner} (since ${holder.acquiredAt}, expires ${holder.expiresAt} unless refreshed)`;
}
