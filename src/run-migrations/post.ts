import { runAction } from '../core/run-action';
import { stopLeftoverTask } from '../ecs/task-cleanup';

void runAction('run-migrations (post)', () => stopLeftoverTask('run-migrations'));
