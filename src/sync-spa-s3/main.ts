import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('sync-spa-s3', 'issue #8');
