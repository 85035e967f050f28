import { maskSecret, redact } from '../core/mask';

/**
 * Removes known secret values (header values, URL passwords and tokens) from text the action
 * shows: body excerpts, reasons, summaries and outputs, through the project's one redaction path
 * (src/core/mask.ts), where the secrets are registered.
 */
export class Redactor {
  constructor(secrets: Iterable<string>) {
    for (const secret of secrets) maskSecret(secret);
  }

  redact(text: string): string {
    return redact(text);
  }

  /** A body as shown: redacted whole first, so the excerpt's cut never halves a secret. */
  excerpt(body: string, max?: number): string {
    return excerpt(redact(body), max);
  }
}

/**
 * Shortens a response body for an error or summary: whitespace runs collapsed to one space, at
 * most `max` characters, marked when cut.
 */
export function excerpt(body: string, max = 500): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length <= max
    ? text
    : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}
