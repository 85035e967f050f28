import { runAction } from '../core/run-action';
import { logoutLeftover } from './cleanup';

void runAction('build-push-ecr (post)', logoutLeftover);
