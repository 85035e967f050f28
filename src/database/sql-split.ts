import type { Engine } from './connection';

/** One statement of a migration file, with where it starts (for error messages). */
export interface Statement {
  /** 1-based position in the file. */
  index: number;
  /** 1-based line where the statement's code starts (leading comment lines skipped). */
  line: number;
  sql: string;
}

/**
 * Splits a SQL script into statements at top-level `;`, the way psql and the mysql client do:
 * quotes ('...', "...", `...` in MySQL), E'' strings, PostgreSQL dollar quotes ($$ / $tag$),
 * line and (nested, in PostgreSQL) block comments are kept whole. MySQL scripts may change the
 * delimiter with the client's `DELIMITER //` command (for procedures and triggers).
 * Statements that are only comments are dropped.
 */
export function splitStatements(script: string, engine: Engine): Statement[] {
  const text = script.replace(/^\uFEFF/, '');
  const statements: Statement[] = [];
  let delimiter = ';';
  let start = 0;
  let line = 1;
  let startLine = 1;
  let i = 0;
  let hasCode = false;

  const push = (end: number): void => {
    const sql = text.slice(start, end).trim();
    if (hasCode && sql !== '') {
      statements.push({
        index: statements.length + 1,
        line: startLine + leadingLines(text.slice(start, end)),
        sql,
      });
    }
    hasCode = false;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    const next = text[i + 1];
    // The MySQL client's DELIMITER command, at the start of a line.
    if (
      engine === 'mysql' &&
      !hasCode &&
      /^delimiter[ \t]/i.test(text.slice(i, i + 10)) &&
      atLineStart(text, i)
    ) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      delimiter = text.slice(i + 10, stop).trim() || ';';
      i = stop;
      start = i;
      startLine = line;
      continue;
    }
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if (ch === '-' && next === '-') {
      i = skipTo(text, i, '\n');
      continue;
    }
    if (engine === 'mysql' && ch === '#') {
      i = skipTo(text, i, '\n');
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = skipBlockComment(text, i, engine === 'postgres');
      line += countLines(text.slice(i, end));
      // MySQL executable comments (/*! ... */) are code.
      if (engine === 'mysql' && text[i + 2] === '!') hasCode = true;
      i = end;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      push(i);
      i += delimiter.length;
      start = i;
      startLine = line;
      continue;
    }
    hasCode ||= !/\s/.test(ch);
    if (ch === "'" || ch === '"' || (engine === 'mysql' && ch === '`')) {
      const backslash =
        engine === 'mysql'
          ? ch !== '`'
          : ch === "'" && /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '');
      const end = skipQuoted(text, i, ch, backslash);
      line += countLines(text.slice(i, end));
      i = end;
      continue;
    }
    if (engine === 'postgres' && ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag !== null && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const end = close === -1 ? text.length : close + tag[0].length;
        line += countLines(text.slice(i, end));
        i = end;
        continue;
      }
    }
    i++;
  }
  push(text.length);
  return statements;
}

function atLineStart(text: string, i: number): boolean {
  const before = text.slice(text.lastIndexOf('\n', i - 1) + 1, i);
  return before.trim() === '';
}

function skipTo(text: string, i: number, what: string): number {
  const end = text.indexOf(what, i);
  return end === -1 ? text.length : end;
}

function skipBlockComment(text: string, i: number, nested: boolean): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith('/*', j)) {
      depth = nested ? depth + 1 : 1;
      j += 2;
    } else if (text.startsWith('*/', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else {
      j++;
    }
  }
  return text.length;
}

function skipQuoted(text: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslash && c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (text[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return text.length;
}

function countLines(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n++;
  return n;
}

/** Lines before the first character that is not whitespace or part of a comment-only line. */
function leadingLines(chunk: string): number {
  let lines = 0;
  for (const raw of chunk.split('\n')) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('--') || trimmed.startsWith('#')) {
      lines++;
      continue;
    }
    break;
  }
  return lines;
}
