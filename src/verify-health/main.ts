import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('verify-health', 'issue #9');
