import type { RunningContainer } from './containers';

/** What a running service reports about the release it serves. */
export interface Release {
  /** The image reference deployed (registry/repo@sha256:... or :tag). */
  image: string;
  /** Environment variables the deploy gave the container. */
  env: Record<string, string>;
}

/** The outcome of a release's health check. */
export interface Verdict {
  healthy: boolean;
  /** Why it failed (empty when healthy): what ECS events and App Runner logs would say. */
  reason: string;
}

/**
 * A release being rolled out on a service: its container starting and passing (or failing) its
 * health check. The deploy state machines ask `decide()` when their own timing is due: undefined
 * means the health check is still running (`settled` resolves when it is not).
 *
 * Images marked unhealthy (`Workloads.markUnhealthy`) fail whenever they are decided, with or
 * without a container engine; without one, every other image passes at once (simulation).
 */
export class Candidate {
  /** The started container, once it runs (none in simulation). */
  container: RunningContainer | undefined;
  /** Resolves when the container's health check is decided. */
  readonly settled: Promise<void>;
  /** When the container's health check was decided (ms epoch). */
  settledAt: number | undefined;
  private outcome: Verdict | undefined;
  private discarded = false;

  constructor(
    readonly release: Release,
    private readonly isMarkedUnhealthy: (image: string) => boolean,
    /** Starts the container and checks its health; undefined in simulation. */
    start: ((candidate: Candidate) => Promise<void>) | undefined,
    private readonly stopContainer: (container: RunningContainer) => void,
  ) {
    if (start === undefined) {
      this.outcome = { healthy: true, reason: '' };
      this.settledAt = Date.now();
      this.settled = Promise.resolve();
      return;
    }
    this.settled = start(this).then(
      () => this.settle({ healthy: true, reason: '' }),
      (error: unknown) => {
        this.settle({ healthy: false, reason: (error as Error).message });
        this.discard();
      },
    );
  }

  /** A candidate for what already serves (a rollback target): decided and healthy. */
  static serving(
    release: Release,
    container: RunningContainer | undefined,
    isMarkedUnhealthy: (image: string) => boolean,
    stopContainer: (container: RunningContainer) => void,
  ): Candidate {
    const candidate = new Candidate(release, isMarkedUnhealthy, undefined, stopContainer);
    candidate.container = container;
    return candidate;
  }

  private settle(verdict: Verdict): void {
    this.outcome = verdict;
    this.settledAt = Date.now();
    // A rollout that was abandoned while its container started does not keep it running.
    if (this.discarded) this.discard();
  }

  /** The verdict now, or undefined while the health check runs. */
  decide(): Verdict | undefined {
    if (this.outcome === undefined) return undefined;
    if (this.isMarkedUnhealthy(this.release.image)) {
      return { healthy: false, reason: `Health check failed: image ${this.release.image} is marked unhealthy` }; // prettier-ignore
    }
    return this.outcome;
  }

  /** The rollout failed or was replaced: stops its container (not one that serves traffic). */
  discard(): void {
    this.discarded = true;
    if (this.container === undefined || this.outcome === undefined) return;
    const container = this.container;
    this.container = undefined;
    this.stopContainer(container);
  }
}
