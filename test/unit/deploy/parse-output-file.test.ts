import { parseOutputFile } from '../../../src/deploy/parts';

describe('parseOutputFile', () => {
  it('parses heredoc and plain outputs', () => {
    expect(parseOutputFile('a<<EOF_1\nline 1\nline 2\nEOF_1\nb=2\n')).toEqual({
      a: 'line 1\nline 2',
      b: '2',
    });
  });

  it('keeps = inside a plain value and ignores blank lines', () => {
    expect(parseOutputFile('\nurl=https://x.test/?a=b\n\n')).toEqual({
      url: 'https://x.test/?a=b',
    });
  });
});
