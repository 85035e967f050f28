import { SummaryBuilder } from '../../../src/core/summary';
import { displayWidth, summaryText } from '../../../scripts/summary-text';

describe('summaryText (the demo prints job summaries with it)', () => {
  it('renders headings, paragraphs, aligned tables, lists, links and code as plain text', () => {
    const html = new SummaryBuilder()
      .heading('Deploy to production')
      .status(true, 'Service healthy')
      .table(
        ['Part', 'Result', 'Time'],
        [
          ['build-push-ecr', 'pushed sha-1', '12.3s'],
          ['sync-spa-s3', { text: 'site', href: 'https://d1.example/' }, '1s'],
        ],
      )
      .facts([
        ['Image', 'repo@sha256:abc'],
        ['Skipped', undefined],
        ['Site', { text: 'https://d1.example/', href: 'https://d1.example/' }],
      ])
      .heading('Files', 3)
      .list(['a <b> & "c"', 'line\none'])
      .code('SELECT 1;\nSELECT 2;')
      .details('More', new SummaryBuilder().paragraph('inside'))
      .paragraph('after')
      .toString();
    expect(summaryText(html, '')).toBe(
      [
        'Deploy to production',
        '====================',
        '✅ Service healthy',
        'Part             Result                       Time',
        '--------------   --------------------------   -----',
        'build-push-ecr   pushed sha-1                 12.3s',
        'sync-spa-s3      site (https://d1.example/)   1s',
        '',
        'Image   repo@sha256:abc',
        'Site    https://d1.example/',
        '',
        'Files',
        '-----',
        '- a <b> & "c"',
        '- line one',
        '  SELECT 1;',
        '  SELECT 2;',
        'More:',
        '  inside',
        'after',
      ].join('\n'),
    );
  });

  it('indents every non-empty line and counts emoji as two columns', () => {
    const html = new SummaryBuilder()
      .table(
        ['', ''],
        [
          ['✅', 'x'],
          ['ok', 'y'],
        ],
      )
      .toString();
    expect(summaryText(html, '  ')).toBe(['  ✅   x', '  ok   y'].join('\n'));
    expect(displayWidth('✅ a')).toBe(4);
  });
});
