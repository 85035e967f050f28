/** The HTTP statuses a check accepts, parsed from `200`, `200,204` or `200-299,301`. */
export interface StatusSet {
  has(status: number): boolean;
  /** As the user wrote it, normalised: `200-299, 301`. */
  readonly text: string;
}

/** Parses a status list; returns an explanation instead of a set when the text is not valid. */
export function parseStatusSet(text: string): StatusSet | string {
  const ranges: [number, number][] = [];
  for (const raw of text.split(/[\s,]+/).filter((part) => part !== '')) {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(raw);
    if (match === null) return `${JSON.stringify(raw)} is not a status (200) or a range (200-299)`;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low < 100 || high > 599) return `${JSON.stringify(raw)} is outside 100-599`;
    if (high < low) return `${JSON.stringify(raw)} is a range that ends before it starts`;
    ranges.push([low, high]);
  }
  if (ranges.length === 0) return 'no status given';
  return {
    has: (status) => ranges.some(([low, high]) => status >= low && status <= high),
    text: ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(', '),
  };
}
