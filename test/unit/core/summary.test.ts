import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  escapeHtml,
  noticeAnnotation,
  safeHref,
  SummaryBuilder,
  warnAnnotation,
} from '../../../src/core/summary';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

const INJECTIONS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(document.cookie)</script>',
  "' onmouseover='alert(1)",
  '</td></tr></table><h1>fake</h1>',
  '<a href="javascript:alert(1)">click</a>',
];

/**
 * No tag or attribute from the input survives: once the builder's own tags are taken out, no
 * markup character is left.
 */
function expectInert(html: string, input: string): void {
  expect(html).not.toContain(input);
  const text = html
    .replace(/<\/?(h[234]|p|table|tr|th|td|ul|li|pre|code|details|summary)>/g, '')
    .replace(/<a href="[^"<>]*">|<\/a>/g, '');
  expect(text).not.toMatch(/[<>"']/);
}

describe('escapeHtml', () => {
  it('escapes the HTML specials and line breaks', () => {
    expect(escapeHtml(`a&b<c>d"e'f\ng\rh`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f&#10;g&#13;h');
  });
});

describe('SummaryBuilder escaping', () => {
  it.each(INJECTIONS)('renders %j as text in every element', (input) => {
    const html = new SummaryBuilder()
      .heading(input)
      .paragraph(input)
      .status(false, input)
      .table([input], [[input, { text: input, href: 'https://example.com/' }]])
      .facts([[input, input]])
      .list([input])
      .code(input)
      .details(input, new SummaryBuilder().paragraph(input))
      .timings([[input, 1500]])
      .toString();
    expectInert(html, input);
    expect(html).toContain(escapeHtml(input));
  });

  it('keeps text that would end the HTML block on one line, so Markdown never renders', () => {
    const input = 'line one\n\n![tracker](https://evil.example/pixel.png) [x](javascript:alert(1))';
    const html = new SummaryBuilder().paragraph(input).code(input).toString();
    expect(html.split('\n')).toHaveLength(2);
    expect(html).not.toMatch(/\n\s*\n/);
    expect(html).toContain('line one&#10;&#10;![tracker]');
  });

  it('renders a table with headers, links, numbers and empty cells', () => {
    const html = new SummaryBuilder()
      .table(
        ['Object', 'Size', 'Link'],
        [
          [
            'index.html',
            1024,
            { text: 'open', href: 'https://cdn.example.com/index.html?a=1&b=2' },
          ],
          ['app.js', 2048, undefined],
        ],
      )
      .toString();
    expect(html).toBe(
      '<table><tr><th>Object</th><th>Size</th><th>Link</th></tr>' +
        '<tr><td>index.html</td><td>1024</td><td><a href="https://cdn.example.com/index.html?a=1&amp;b=2">open</a></td></tr>' +
        '<tr><td>app.js</td><td>2048</td><td></td></tr></table>',
    );
  });

  it('facts skips undefined and empty values; timings formats durations', () => {
    const html = new SummaryBuilder()
      .facts([
        ['Service', 'web'],
        ['Skipped', undefined],
        ['Empty', ''],
      ])
      .timings([
        ['build', 850],
        ['push', 12_340],
        ['deploy', 245_000],
      ])
      .toString();
    expect(html).toContain('<td>Service</td><td>web</td>');
    expect(html).not.toContain('Skipped');
    expect(html).not.toContain('Empty');
    expect(html).toContain('<td>build</td><td>850ms</td>');
    expect(html).toContain('<td>push</td><td>12.3s</td>');
    expect(html).toContain('<td>deploy</td><td>4m 05s</td>');
  });

  it('isEmpty tells whether anything was added', () => {
    const summary = new SummaryBuilder();
    expect(summary.isEmpty()).toBe(true);
    expect(summary.heading('x').isEmpty()).toBe(false);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://console.aws.amazon.com/ecs/home?region=eu-west-1#/clusters', true],
    ['http://127.0.0.1:8080/health', true],
    ['HTTPS://Example.com/a', true],
    ['/octo-org/octo-app/actions/runs/1', true],
  ])('keeps %s', (href) => {
    expect(safeHref(href)).not.toBe('#');
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/\\evil.example/x',
    'relative/path',
    'https://',
    '/path with spaces',
    '',
  ])('replaces %j with #', (href) => {
    expect(safeHref(href)).toBe('#');
    const html = new SummaryBuilder().list([{ text: 'link', href }]).toString();
    expect(html).toBe('<ul><li><a href="#">link</a></li></ul>');
  });

  it('escapes quotes in an allowed URL so it cannot leave the attribute', () => {
    const html = new SummaryBuilder()
      .list([{ text: 'x', href: 'https://example.com/"onmouseover="alert(1)' }])
      .toString();
    expect(html).not.toContain('"onmouseover');
    expect(html).toContain('href="https://example.com/%22onmouseover=%22alert(1)"');
  });
});

describe('SummaryBuilder.write', () => {
  let dir: string;
  let out: CapturedOutput;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'summary-test-'));
    out = captureStdout();
  });
  afterEach(() => {
    out.restore();
    delete process.env.GITHUB_STEP_SUMMARY;
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends to GITHUB_STEP_SUMMARY, one write after another', async () => {
    const file = path.join(dir, 'summary.md');
    writeFileSync(file, 'earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    await new SummaryBuilder().heading('Deployed <web>', 3).write();
    await new SummaryBuilder().paragraph('second').write();
    expect(readFileSync(file, 'utf8')).toBe(
      `earlier step\n<h3>Deployed &lt;web&gt;</h3>${os.EOL}<p>second</p>${os.EOL}`,
    );
  });

  it('is a no-op outside a runner', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(new SummaryBuilder().heading('x').write()).resolves.toBeUndefined();
  });
});

describe('annotations', () => {
  it('print ::warning:: and ::notice:: commands with a title', () => {
    const out = captureStdout();
    try {
      warnAnnotation('slow rollout', 'deploy-ecs');
      noticeAnnotation('deployed v2');
    } finally {
      out.restore();
    }
    expect(out.text()).toContain('::warning title=deploy-ecs::slow rollout');
    expect(out.text()).toContain('::notice::deployed v2');
  });
});
