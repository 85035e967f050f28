import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('invalidate-cdn', 'issue #8');
