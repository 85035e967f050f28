import * as core from '@actions/core';
import { formatDuration } from './clock';
import { redact } from './mask';

/** A link cell or value in a summary. */
export interface Link {
  text: string;
  href: string;
}
export type Cell = string | number | Link | undefined;

/**
 * Escapes text for the job summary. Besides the HTML specials, line breaks become character
 * references: GitHub renders the summary as Markdown, and a blank line inside an HTML block would
 * end it, so the text after it would be read as Markdown (links, images, mentions).
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/** Text from anywhere (a file name, a response body, a setting) as summary HTML: redacted, escaped. */
function html(text: string): string {
  return escapeHtml(redact(text));
}

function renderCell(cell: Cell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return html(cell);
  return renderLink(cell);
}

/**
 * The href to print for a link: an absolute http(s) URL, or a path on the same site. Anything
 * else (javascript:, data:, protocol-relative //host or /\host, relative paths) becomes `#`, so
 * a value from a build or an API can never make a link that runs code.
 */
export function safeHref(href: string): string {
  const value = href.trim();
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '') {
        return url.href;
      }
    } catch {
      return '#';
    }
  }
  if (/^\/(?![/\\])[^\s\\]*$/.test(value)) return value;
  return '#';
}

function renderLink(link: Link): string {
  return `<a href="${html(safeHref(redact(link.href)))}">${html(link.text)}</a>`;
}

/**
 * Builds a job summary as HTML that GitHub renders. Every piece of text is escaped, so an image
 * tag or a file name can never inject markup.
 */
export class SummaryBuilder {
  private readonly parts: string[] = [];

  heading(text: string, level: 2 | 3 | 4 = 2): this {
    this.parts.push(`<h${level}>${html(text)}</h${level}>`);
    return this;
  }

  paragraph(text: string): this {
    this.parts.push(`<p>${html(text)}</p>`);
    return this;
  }

  /** A status line with an emoji prefix that reads well in the summary list. */
  status(ok: boolean, text: string): this {
    this.parts.push(`<p>${ok ? '✅' : '❌'} ${html(text)}</p>`);
    return this;
  }

  table(headers: readonly string[], rows: readonly (readonly Cell[])[]): this {
    const head = headers.map((h) => `<th>${html(h)}</th>`).join('');
    const body = rows
      .map((row) => `<tr>${row.map((cell) => `<td>${renderCell(cell)}</td>`).join('')}</tr>`)
      .join('');
    this.parts.push(`<table><tr>${head}</tr>${body}</table>`);
    return this;
  }

  /** A two-column table of names and values, skipping undefined values. */
  facts(pairs: readonly (readonly [string, Cell])[]): this {
    return this.table(
      ['', ''],
      pairs.filter(([, value]) => value !== undefined && value !== ''),
    );
  }

  list(items: readonly Cell[]): this {
    this.parts.push(`<ul>${items.map((item) => `<li>${renderCell(item)}</li>`).join('')}</ul>`);
    return this;
  }

  code(text: string): this {
    this.parts.push(`<pre><code>${html(text)}</code></pre>`);
    return this;
  }

  details(label: string, inner: SummaryBuilder): this {
    this.parts.push(`<details><summary>${html(label)}</summary>${inner.toString()}</details>`);
    return this;
  }

  /** Phase timings as a table: name and duration. */
  timings(entries: readonly (readonly [string, number])[]): this {
    return this.table(
      ['Phase', 'Time'],
      entries.map(([name, ms]) => [name, formatDuration(ms)]),
    );
  }

  isEmpty(): boolean {
    return this.parts.length === 0;
  }

  toString(): string {
    return this.parts.join('\n');
  }

  /** Appends to the job summary file; a no-op outside a runner (no GITHUB_STEP_SUMMARY). */
  async write(): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(this.toString(), true).write();
    core.summary.emptyBuffer();
  }
}

/** Annotations shown on the run page, not just log lines. */
export function warnAnnotation(message: string, title?: string): void {
  core.warning(redact(message), title === undefined ? {} : { title });
}

export function noticeAnnotation(message: string, title?: string): void {
  core.notice(redact(message), title === undefined ? {} : { title });
}
