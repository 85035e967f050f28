import { notImplemented } from '../core/not-implemented';

export const run = notImplemented('deploy-apprunner', 'issue #5');
