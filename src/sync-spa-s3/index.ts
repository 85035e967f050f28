import { runAction } from '../core/run-action';
import { run } from './main';

void runAction('sync-spa-s3', run);
