import { requestWaves } from '../../local-aws/server/request-log';

describe('requestWaves', () => {
  it('counts overlapping requests as one wave', () => {
    expect(
      requestWaves([
        { started: 0, finished: 10 },
        { started: 1, finished: 12 },
        { started: 9, finished: 11 },
      ]),
    ).toBe(1);
  });

  it('counts the longest chain of requests that arrived after an answer', () => {
    // a -> b -> d is the longest chain; c overlaps b and is no longer.
    expect(
      requestWaves([
        { started: 0, finished: 10 },
        { started: 10, finished: 20 },
        { started: 11, finished: 15 },
        { started: 21, finished: 30 },
      ]),
    ).toBe(3);
  });

  it('follows the deepest chain, not the latest answer', () => {
    // a -> c -> d -> e: e also waits for b (depth 2), but its deepest chain is through d.
    expect(
      requestWaves([
        { started: 0, finished: 1 },
        { started: 2, finished: 50 },
        { started: 3, finished: 4 },
        { started: 5, finished: 6 },
        { started: 51, finished: 52 },
      ]),
    ).toBe(4);
  });

  it('is 0 without timed requests', () => {
    expect(requestWaves([])).toBe(0);
    expect(requestWaves([{ started: 1 }])).toBe(0);
  });
});
