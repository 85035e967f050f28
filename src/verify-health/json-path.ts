/**
 * A small JSON path: dotted keys and array indexes, such as `status`, `build.version` or
 * `checks[0].ok`. Keys with other characters use brackets: `["x-version"]`.
 */
export type JsonPath = readonly (string | number)[];

const KEY = /^[A-Za-z_$][\w$-]*/;

/** Parses a path; returns an explanation instead of a path when the text is not valid. */
export function parseJsonPath(text: string): JsonPath | string {
  const path: (string | number)[] = [];
  let rest = text.trim().replace(/^\$\.?/, '');
  if (rest === '') return 'the path is empty';
  let first = true;
  while (rest !== '') {
    if (rest.startsWith('[')) {
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
      if (index !== null) {
        path.push(Number(index[1]));
        rest = rest.slice(index[0].length);
      } else if (quoted !== null) {
        path.push(JSON.parse(`"${quoted[1] ?? ''}"`) as string);
        rest = rest.slice(quoted[0].length);
      } else {
        return `expected [number] or ["key"] at ${JSON.stringify(rest)}`;
      }
    } else {
      if (!first) {
        if (!rest.startsWith('.')) return `expected . or [ at ${JSON.stringify(rest)}`;
        rest = rest.slice(1);
      }
      const key = KEY.exec(rest);
      if (key === null) return `expected a key at ${JSON.stringify(rest)}`;
      path.push(key[0]);
      rest = rest.slice(key[0].length);
    }
    first = false;
  }
  return path;
}

/** The value at `path`, or `{ found: false }` when a step is missing. */
export function readJsonPath(
  document: unknown,
  path: JsonPath,
): { found: true; value: unknown } | { found: false } {
  let current: unknown = document;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step] as unknown;
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) {
        return { found: false };
      }
      if (!Object.prototype.hasOwnProperty.call(current, step)) return { found: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

/** Prints a path back in its canonical form: `checks[0].ok`. */
export function formatJsonPath(path: JsonPath): string {
  return path
    .map((step, i) =>
      typeof step === 'number'
        ? `[${step}]`
        : KEY.exec(step)?.[0] === step
          ? `${i === 0 ? '' : '.'}${step}`
          : `[${JSON.stringify(step)}]`,
    )
    .join('');
}

/**
 * Whether a JSON value equals what the user wrote: strings compare as text, anything else
 * (numbers, booleans, null, objects) by its JSON form, so `true`, `3` and `null` work.
 */
export function jsonValueEquals(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value === expected;
  let parsed: unknown;
  try {
    parsed = JSON.parse(expected);
  } catch {
    return false;
  }
  return canonical(value) === canonical(parsed);
}

/** A value shown in a reason: strings as they are, anything else as JSON. */
export function showJsonValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
