import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('deploy', 'issue #10');
