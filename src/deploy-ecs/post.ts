import { runAction } from '../core/run-action';
import { stopLeftoverTask } from '../ecs/task-cleanup';

void runAction('deploy-ecs (post)', () => stopLeftoverTask('deploy-ecs'));
