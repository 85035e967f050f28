// A job summary (the HTML that src/core/summary.ts writes, which GitHub renders) as aligned plain
// text for a terminal: headings underlined, tables in padded columns, lists as bullets, links as
// "text (address)". `npm run demo` prints the summaries of its deploys with it.

const BLOCK =
  /<h([2-4])>(.*?)<\/h\1>|<p>(.*?)<\/p>|<table>(.*?)<\/table>|<ul>(.*?)<\/ul>|<pre><code>(.*?)<\/code><\/pre>|<details><summary>(.*?)<\/summary>|<\/details>/gs;

function decode(html: string): string {
  return html
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Inline markup (links) to text; a link whose text is its address is shown once. */
function inline(html: string): string {
  const text = html.replace(/<a href="([^"]*)">(.*?)<\/a>/g, (_, href: string, label: string) =>
    label === href || `${label}/` === href || href === '#' ? label : `${label} (${href})`,
  );
  return decode(text.replace(/<[^>]+>/g, '')).replace(/\s*\n\s*/g, ' ');
}

/** Columns a string takes in a terminal: emoji and other wide symbols take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0xfe0f || (code >= 0x300 && code <= 0x36f)) continue;
    width += code >= 0x1f300 || code === 0x2705 || code === 0x274c || code === 0x26a0 ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function table(html: string): string[] {
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t([hd])>(.*?)<\/t\1>/gs)].map((cell) => inline(cell[2] ?? '')),
  );
  const [head, ...body] = rows;
  if (head === undefined) return [];
  const shown = head.every((h) => h === '') ? body : rows;
  const columns = Math.max(...shown.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(...shown.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (row: string[]): string =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join('   ')
      .trimEnd();
  if (shown === body) return body.map(line);
  return [line(head), widths.map((w) => '-'.repeat(w)).join('   '), ...body.map(line)];
}

/** The summary as lines of text, each indented by `indent`. */
export function summaryText(html: string, indent = '    '): string {
  const lines: string[] = [];
  let depth = 0;
  let previous = '';
  const push = (...more: string[]): void => {
    for (const line of more) lines.push(line === '' ? '' : `${indent}${'  '.repeat(depth)}${line}`);
  };
  for (const block of html.matchAll(BLOCK)) {
    const [, level, heading, paragraph, rows, items, code, details] = block;
    if (heading !== undefined) {
      const text = inline(heading);
      if (lines.length > 0) push('');
      push(text, (level === '2' ? '=' : '-').repeat(displayWidth(text)));
    } else if (paragraph !== undefined) push(inline(paragraph));
    else if (rows !== undefined) {
      if (previous === 'table') push(''); // two tables in a row read as one otherwise
      push(...table(rows));
    } else if (items !== undefined)
      push(...[...items.matchAll(/<li>(.*?)<\/li>/gs)].map((item) => `- ${inline(item[1] ?? '')}`));
    else if (code !== undefined)
      push(
        ...decode(code)
          .split('\n')
          .map((l) => `  ${l}`),
      );
    else if (details !== undefined) {
      push(`${inline(details)}:`);
      depth++;
    } else depth = Math.max(0, depth - 1);
    previous = rows === undefined ? '' : 'table';
  }
  return lines.join('\n');
}
