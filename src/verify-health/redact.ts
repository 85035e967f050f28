const REPLACEMENT = '***';

/**
 * Removes known secret values (header values, URL passwords and tokens) from text the action
 * shows: body excerpts, reasons, summaries and outputs. The runner masks registered secrets in
 * the log, but not in the job summary or in outputs, so the action redacts them itself.
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string>) {
    const variants = new Set<string>();
    for (const secret of secrets) {
      if (secret === '') continue;
      variants.add(secret);
      variants.add(JSON.stringify(secret).slice(1, -1));
      variants.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...variants].filter((v) => v !== '').sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) result = result.split(secret).join(REPLACEMENT);
    return result;
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
