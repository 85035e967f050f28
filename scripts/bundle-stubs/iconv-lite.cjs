'use strict';
// Stand-in for iconv-lite in the bundles (scripts/build.mjs maps it here). mysql2 calls it only
// for text in charsets Node's Buffer does not know (utf8, latin1, ascii, ucs2 never get here).
// run-migrations connects with utf8mb4 and reads only its own history table, so this path is
// rare; when it is taken, the runtime's TextDecoder (full ICU in Node's official builds) decodes
// the WHATWG encodings, which cover the MySQL charsets below. iconv-lite's own tables cost
// ~150 KB per bundle. Anything else fails with an error naming the charset.

// mysql2's encoding names that TextDecoder knows under another label.
const LABELS = {
  eucjp: 'euc-jp',
  eucjpms: 'euc-jp',
  euckr: 'euc-kr',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  tis620: 'windows-874',
  latin7: 'iso-8859-13',
  macroman: 'macintosh',
  cp932: 'shift_jis',
  utf16: 'utf-16be',
  'utf16-le': 'utf-16le',
  cesu8: 'utf-8',
};

function unsupported(encoding) {
  return new Error(
    `the ${encoding} character set is not supported by this bundle; use utf8mb4 for the ` +
      'migration history table and the connection',
  );
}

function decoderFor(encoding) {
  const label = LABELS[String(encoding).toLowerCase()] ?? String(encoding);
  try {
    return new TextDecoder(label);
  } catch {
    throw unsupported(encoding);
  }
}

exports.getDecoder = function getDecoder(encoding) {
  const decoder = decoderFor(encoding);
  return {
    write: (buffer) => decoder.decode(buffer, { stream: true }),
    end: () => decoder.decode(),
  };
};

exports.getEncoder = function getEncoder(encoding) {
  const label = LABELS[String(encoding).toLowerCase()] ?? String(encoding);
  if (label !== 'utf-8') throw unsupported(encoding);
  const encoder = new TextEncoder();
  return { write: (text) => Buffer.from(encoder.encode(text)), end: () => undefined };
};

exports.decode = (buffer, encoding) => {
  const decoder = exports.getDecoder(encoding);
  return decoder.write(buffer) + decoder.end();
};

exports.encode = (text, encoding) => exports.getEncoder(encoding).write(text);

exports.encodingExists = (encoding) => {
  try {
    decoderFor(encoding);
    return true;
  } catch {
    return false;
  }
};
