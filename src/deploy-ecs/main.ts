import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('deploy-ecs', 'issue #6');
