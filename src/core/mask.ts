import * as core from '@actions/core';

/**
 * Masks a secret in everything the runner prints from now on: the value itself, each of its
 * lines (the runner matches line by line), and the JSON- and URL-encoded forms it may be
 * printed in.
 */
export function maskSecret(value: string | undefined): void {
  if (value === undefined || value === '') return;
  const variants = new Set<string>([value]);
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() !== '') variants.add(line.trim());
  }
  variants.add(JSON.stringify(value).slice(1, -1));
  variants.add(encodeURIComponent(value));
  for (const variant of variants) {
    if (variant !== '') core.setSecret(variant);
  }
}

/** Masks every string leaf of a parsed JSON secret (and the whole document). */
export function maskJsonValues(document: unknown): void {
  if (typeof document === 'string') {
    maskSecret(document);
  } else if (typeof document === 'number' && String(document).length >= 4) {
    // Short numbers (ports, flags) would garble every log line they appear in.
    maskSecret(String(document));
  } else if (Array.isArray(document)) {
    for (const item of document) maskJsonValues(item);
  } else if (document !== null && typeof document === 'object') {
    for (const item of Object.values(document)) maskJsonValues(item);
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
