import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('run-migrations', 'issue #7');
