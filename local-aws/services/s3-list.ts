import { el, type XmlNode } from '../server/protocols';
import type { ApiRequest, ApiResponse } from '../server/request';
import type { Bucket } from './s3-store';
import { send, XMLNS } from './s3-wire';

/** ListObjects (v1, marker) and ListObjectsV2 (continuation token): prefix, delimiter, max-keys, url encoding. */
export function listObjects(
  bucket: Bucket,
  req: ApiRequest,
  res: ApiResponse,
  version: 1 | 2,
): void {
  const q = req.url.searchParams;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.min(1000, Math.max(0, Number(q.get('max-keys') ?? 1000)));
  const urlEncode = q.get('encoding-type') === 'url';
  const enc = (text: string): string =>
    urlEncode ? encodeURIComponent(text).replace(/%2F/g, '/') : text;
  const token = q.get('continuation-token');
  let after = version === 2 ? (q.get('start-after') ?? '') : (q.get('marker') ?? '');
  if (version === 2 && token !== null) {
    after = Buffer.from(token, 'base64').toString('utf8');
  }
  const keys = bucket.keys();
  let index = lowerBound(keys, after === '' ? prefix : after > prefix ? after : prefix);
  if (after !== '' && keys[index] === after) index++;
  const contents: XmlNode[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (; index < keys.length; index++) {
    const key = keys[index] ?? '';
    if (!key.startsWith(prefix)) break;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (delimiter !== '') {
      const cut = key.indexOf(delimiter, prefix.length);
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        if (prefixes[prefixes.length - 1] !== common) prefixes.push(common);
        last = key;
        // Skip every key under the same common prefix.
        while (index + 1 < keys.length && (keys[index + 1] ?? '').startsWith(common)) {
          index++;
          last = keys[index] ?? last;
        }
        continue;
      }
    }
    const object = bucket.objects.get(key);
    if (object === undefined) continue;
    contents.push(
      el('Contents', [
        el('Key', enc(key)),
        el('LastModified', object.lastModified.toISOString()),
        el('ETag', object.etag),
        ...(Object.keys(object.checksums).length > 0
          ? Object.keys(object.checksums).map((a) => el('ChecksumAlgorithm', a.toUpperCase()))
          : []),
        el('Size', object.size),
        el('StorageClass', 'STANDARD'),
      ]),
    );
    last = key;
  }
  const children: XmlNode[] = [el('Name', bucket.name), el('Prefix', enc(prefix))];
  if (version === 2) {
    children.push(el('KeyCount', contents.length + prefixes.length));
    if (token !== null) children.push(el('ContinuationToken', token));
    if (q.get('start-after') !== null)
      children.push(el('StartAfter', enc(q.get('start-after') ?? '')));
    if (truncated) children.push(el('NextContinuationToken', Buffer.from(last).toString('base64')));
  } else {
    children.push(el('Marker', enc(q.get('marker') ?? '')));
    if (truncated) children.push(el('NextMarker', enc(last)));
  }
  children.push(el('MaxKeys', maxKeys));
  if (delimiter !== '') children.push(el('Delimiter', enc(delimiter)));
  if (urlEncode) children.push(el('EncodingType', 'url'));
  children.push(el('IsTruncated', truncated));
  children.push(...contents);
  children.push(...prefixes.map((p) => el('CommonPrefixes', el('Prefix', enc(p)))));
  send(res, el('ListBucketResult', children, { xmlns: XMLNS }));
}

function lowerBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
