import {
  isSensitiveHeader,
  maskJsonValues,
  maskSecret,
  redactHeaders,
} from '../../../src/core/mask';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

let out: CapturedOutput;
beforeEach(() => {
  out = captureStdout();
});
afterEach(() => out.restore());

describe('maskSecret', () => {
  it('registers the value with the runner through core.setSecret (::add-mask::)', () => {
    maskSecret('p4ss-w0rd');
    expect(out.text()).toContain('::add-mask::p4ss-w0rd\n');
    expect(out.commands('add-mask')).toEqual(['p4ss-w0rd']);
  });

  it('masks each line of a multi-line secret, and its JSON- and URL-encoded forms', () => {
    const pem = '-----BEGIN KEY-----\nAbC/dEf+gh==\n-----END KEY-----';
    maskSecret(pem);
    const masked = out.commands('add-mask');
    expect(masked).toEqual(
      expect.arrayContaining([
        pem,
        '-----BEGIN KEY-----',
        'AbC/dEf+gh==',
        '-----END KEY-----',
        JSON.stringify(pem).slice(1, -1),
        encodeURIComponent(pem),
      ]),
    );
  });

  it('masks the URL-encoded form of a password with reserved characters', () => {
    maskSecret('p@ss:w/rd');
    expect(out.commands('add-mask')).toEqual(
      expect.arrayContaining(['p@ss:w/rd', 'p%40ss%3Aw%2Frd']),
    );
  });

  it('does nothing for an empty or missing value', () => {
    maskSecret('');
    maskSecret(undefined);
    expect(out.text()).toBe('');
  });
});

describe('maskJsonValues', () => {
  it('masks every string leaf and long numbers of a JSON secret, not short numbers', () => {
    maskJsonValues({
      username: 'admin-user',
      password: 'hunter2!',
      port: 5432,
      pin: 12,
      nested: { list: ['tok-a', { deep: 'tok-b' }], flag: true, none: null },
    });
    const masked = out.commands('add-mask');
    expect(masked).toEqual(
      expect.arrayContaining(['admin-user', 'hunter2!', '5432', 'tok-a', 'tok-b']),
    );
    expect(masked).not.toContain('12');
    expect(masked).not.toContain('true');
  });

  it('leaves short values alone unless their key names a secret', () => {
    maskJsonValues({ username: 'app', dbname: 't1', password: 'pw', apiKey: 'k9' });
    const masked = out.commands('add-mask');
    expect(masked).toEqual(expect.arrayContaining(['pw', 'k9']));
    expect(masked).not.toContain('app');
    expect(masked).not.toContain('t1');
  });
});

describe('redactHeaders', () => {
  it('replaces secret header values for display and keeps the others', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer abc',
        'X-Api-Key': 'k',
        Cookie: 'a=b',
        'X-Amz-Security-Token': 't',
        'Content-Type': 'text/html',
        Accept: '*/*',
      }),
    ).toEqual({
      Authorization: '***',
      'X-Api-Key': '***',
      Cookie: '***',
      'X-Amz-Security-Token': '***',
      'Content-Type': 'text/html',
      Accept: '*/*',
    });
    expect(isSensitiveHeader('proxy-authorization')).toBe(true);
    expect(isSensitiveHeader('x-client-secret')).toBe(true);
    expect(isSensitiveHeader('user-agent')).toBe(false);
  });
});
