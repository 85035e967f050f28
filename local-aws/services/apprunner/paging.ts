import { invalid } from './validate';

/**
 * One page of a list as App Runner pages them: MaxResults 1-20 (all results when absent), an
 * opaque NextToken that must come back unchanged.
 */
export function page<T>(
  all: readonly T[],
  input: Record<string, unknown>,
): { items: T[]; NextToken?: string } {
  const max = input.MaxResults;
  if (
    max !== undefined &&
    (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20)
  ) {
    throw invalid('MaxResults must be an integer from 1 to 20');
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = decodeToken(input.NextToken);
    if (decoded === undefined) throw invalid('The NextToken is invalid');
    start = decoded;
  }
  const size = max ?? all.length;
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length ? { items, NextToken: encodeToken(next) } : { items };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString('base64');
}

function decodeToken(token: unknown): number | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}
