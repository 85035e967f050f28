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
