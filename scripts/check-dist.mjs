// Rebuilds dist/ from clean and fails when anything under dist/ differs from what is committed,
// including brand-new untracked files (git diff alone would miss those).
import { execFileSync } from 'node:child_process';
import { root } from './action-list.mjs';

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
const status = execFileSync(
  'git',
  ['status', '--porcelain', '--untracked-files=all', '--ignored=no', '--', 'dist'],
  { cwd: root, encoding: 'utf8' },
);
if (status.trim() !== '') {
  console.error('dist/ does not match the source. Run `npm run build` and commit dist/:');
  console.error(status);
  execFileSync('git', ['diff', '--stat', '--', 'dist'], { cwd: root, stdio: 'inherit' });
  process.exit(1);
}
console.log('dist/ matches the source');
