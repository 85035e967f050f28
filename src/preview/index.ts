import { runAction } from '../core/run-action';
import { run } from './main';

void runAction('preview', run);
