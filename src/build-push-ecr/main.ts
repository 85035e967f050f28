import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('build-push-ecr', 'issue #4');
