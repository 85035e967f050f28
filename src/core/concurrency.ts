/**
 * A concurrency limit: `limit(fn)` runs fn when fewer than `max` calls are running, in the
 * order the calls were made. Wrap single requests, never work that itself waits on the limit.
 */
export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimit(max: number): Limit {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`concurrency must be >= 1, got ${max}`);
  let running = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    running--;
    queue.shift()?.();
  };
  return <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++;
        fn().then(resolve, reject).finally(release);
      };
      if (running < max) start();
      else queue.push(start);
    });
}

/**
 * Runs fn over items, `width` at a time, in order. Unlike mapping every item through a limit, it
 * holds no promise per waiting item (memory stays flat however many items there are). After a
 * failure no further item starts; the first error is thrown once the running ones have settled.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`concurrency must be >= 1, got ${width}`);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failure !== undefined) throw failure.error;
}
