import * as core from '@actions/core';

/**
 * Every secret variant registered so far, longest first when used: what `redact` removes from
 * text the action writes where the runner does not mask (the job summary, step outputs) and
 * from log text before it is printed.
 */
const registered = new Set<string>();
let longestFirst: string[] | undefined;
/** Shorter variants are masked in the log by the runner, but not replaced in text we write. */
const MIN_REDACTED_LENGTH = 3;

/**
 * Masks a secret in everything the runner prints from now on: the value itself, each of its
 * lines (the runner matches line by line), and the JSON- and URL-encoded forms it may be
 * printed in. The same variants are removed by `redact` from summaries and outputs.
 */
export function maskSecret(value: string | undefined): void {
  if (value === undefined || value === '') return;
  const variants = new Set<string>([value]);
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() !== '') variants.add(line.trim());
  }
  variants.add(JSON.stringify(value).slice(1, -1));
  variants.add(encodeURIComponent(value));
  for (const password of urlPasswords(value)) {
    variants.add(password);
    variants.add(decodeOrSelf(password));
  }
  for (const variant of variants) {
    if (variant === '') continue;
    core.setSecret(variant);
    if (variant.length >= MIN_REDACTED_LENGTH && !registered.has(variant)) {
      registered.add(variant);
      longestFirst = undefined;
    }
  }
}

/** scheme://user:password@ (the password runs to the last @ of the authority). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):([^\s/?#]*)@/gi;

/** The passwords of the URLs with credentials (scheme://user:password@host) found in text. */
function urlPasswords(text: string): string[] {
  return [...text.matchAll(URL_CREDENTIALS)].map((m) => m[2] ?? '').filter((p) => p !== '');
}

/** Masks the password of each URL with credentials in a value; true when there was one. */
export function maskUrlPasswords(value: string): boolean {
  const passwords = urlPasswords(value);
  for (const password of passwords) {
    maskSecret(password);
    maskSecret(decodeOrSelf(password));
  }
  return passwords.length > 0;
}

function decodeOrSelf(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Names of settings whose values are secrets: DB_PASS, JWT_SIGNING_KEY, API_TOKEN, ... */
export function looksSensitiveName(name: string): boolean {
  return /secret|pass(w|$|_|-)|pwd|token|(^|_|-)key($|_|-)|apikey|private|credential|auth|signing|session|cookie|salt|dsn/i.test(
    name,
  );
}

/**
 * The one path for text that reaches a summary, an output or the log: every registered secret
 * (and its encoded forms) replaced by ***, and the password of any URL with credentials too.
 */
export function redact(text: string): string {
  longestFirst ??= [...registered].sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of longestFirst) {
    if (result.includes(secret)) result = result.split(secret).join('***');
  }
  return result.replace(URL_CREDENTIALS, (_, head: string) => `${head}:***@`);
}

/**
 * A value from outside the code (a file name, a response body, an input line) made safe for one
 * log line: redacted, and every control character shown as an escape, so a newline can never
 * start a workflow command (::warning::, ::add-mask::) or a fake log line.
 */
export function displayText(text: string): string {
  return redact(text).replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (char) =>
      ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char] ??
      `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Forgets the registered secrets (tests only: each test starts from none). */
export function clearRedactions(): void {
  registered.clear();
  longestFirst = undefined;
}

/**
 * Masks every string leaf of a parsed JSON secret (the whole document is masked by the caller).
 * Short values (under 4 characters) are left alone unless their key names a secret: a username
 * such as `app` or a port would otherwise garble every word that contains it ("***lied").
 */
export function maskJsonValues(document: unknown, key = ''): void {
  const secretKey = looksSensitiveName(key);
  if (typeof document === 'string') {
    if (secretKey || document.length >= 4) maskSecret(document);
  } else if (typeof document === 'number' && (secretKey || String(document).length >= 4)) {
    // Short numbers (ports, flags) would garble every log line they appear in.
    maskSecret(String(document));
  } else if (Array.isArray(document)) {
    for (const item of document) maskJsonValues(item, key);
  } else if (document !== null && typeof document === 'object') {
    for (const [name, item] of Object.entries(document)) maskJsonValues(item, name);
  }
}

/** Replaces secret header values (Authorization, Cookie, tokens) for display. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = isSensitiveHeader(name) ? '***' : value;
  }
  return result;
}

export function isSensitiveHeader(name: string): boolean {
  return /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$|token|secret|password|key/i.test(
    name,
  );
}
