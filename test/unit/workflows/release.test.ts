import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  asMap,
  jobsOf,
  repoRoot,
  runScripts,
  stepsOf,
  workflowFiles,
  type Yaml,
} from './workflow-files';

// .github/workflows/release.yml: on a vX.Y.Z tag, test, then create the GitHub Release and move
// the major tag (v1) only forward. The tag move is scripts/move-major-tag.sh, run here on a real
// git repository with a real remote.

const release = workflowFiles().find((file) => file.rel === '.github/workflows/release.yml');

describe('release.yml', () => {
  const jobs = new Map(jobsOf(release?.doc ?? {}));
  const releaseJob = jobs.get('release') ?? {};
  const runs = (job: Yaml): string =>
    stepsOf(job)
      .map((step) => (typeof step.run === 'string' ? step.run : ''))
      .join('\n');

  it('runs on release tags only, read-only by default', () => {
    expect(release).toBeDefined();
    expect(asMap(asMap(release?.doc.on).push).tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(release?.doc.permissions).toEqual({ contents: 'read' });
  });

  it('checks the version in package.json and the CHANGELOG entry before releasing', () => {
    const test = jobs.get('test') ?? {};
    expect(runs(test)).toContain("require('./package.json').version");
    expect(runs(test)).toContain('node scripts/release-notes.mjs "$TAG"');
    expect(releaseJob.needs).toBe('test');
  });

  it('creates the GitHub Release from the CHANGELOG and moves the major tag with the script', () => {
    expect(releaseJob.permissions).toEqual({ contents: 'write' });
    expect(releaseJob.environment).toBe('release');
    const script = runs(releaseJob);
    expect(script).toContain('bash scripts/move-major-tag.sh "$TAG" "$GITHUB_SHA"');
    expect(script).toContain('node scripts/release-notes.mjs "$TAG" > "$RUNNER_TEMP/notes.md"');
    expect(script).toMatch(/gh release create "\$TAG" --verify-tag .*--notes-file/);
    // The tag moves before the Release is created: a refused move publishes nothing.
    expect(script.indexOf('move-major-tag.sh')).toBeLessThan(script.indexOf('gh release create'));
    // No other step moves a tag: the only-forward rule lives in one place.
    const others = (release === undefined ? [] : runScripts(release))
      .filter(({ run }) => !run.includes('move-major-tag.sh'))
      .map(({ run }) => run);
    expect(others.join('\n')).not.toMatch(/git (tag|push)/);
  });
});

describe('scripts/move-major-tag.sh', () => {
  let work: string;
  let local: string;
  let remote: string;
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Release Test',
        GIT_AUTHOR_EMAIL: 'release@example.com',
        GIT_COMMITTER_NAME: 'Release Test',
        GIT_COMMITTER_EMAIL: 'release@example.com',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    }).trim();
  const commit = (message: string): string => {
    writeFileSync(path.join(local, 'file.txt'), `${message}\n`);
    git(local, 'add', 'file.txt');
    git(local, 'commit', '-q', '-m', message);
    return git(local, 'rev-parse', 'HEAD');
  };
  const move = (tag: string, sha: string): { status: number | null; stdout: string } => {
    const result = spawnSync(
      'bash',
      [path.join(repoRoot, 'scripts', 'move-major-tag.sh'), tag, sha],
      {
        cwd: local,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      },
    );
    return { status: result.status, stdout: result.stdout };
  };
  const remoteTag = (name: string): string =>
    git(remote, 'rev-parse', '-q', '--verify', `refs/tags/${name}^{commit}`);

  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'move-major-tag-'));
    remote = path.join(work, 'remote.git');
    local = path.join(work, 'local');
    git(work, 'init', '-q', '--bare', remote);
    git(work, 'init', '-q', '-b', 'main', local);
    git(local, 'remote', 'add', 'origin', remote);
  });

  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('creates the major tag on the first release and moves it forward on the next', () => {
    const first = commit('1.0.0');
    expect(move('v1.0.0', first)).toMatchObject({ status: 0 });
    expect(remoteTag('v1')).toBe(first);
    const second = commit('1.1.0');
    expect(move('v1.1.0', second)).toMatchObject({ status: 0 });
    expect(remoteTag('v1')).toBe(second);
    expect(git(local, 'rev-parse', 'refs/tags/v1')).toBe(second);
  });

  it('does nothing when the major tag already names the commit (a re-run)', () => {
    const first = commit('1.0.0');
    move('v1.0.0', first);
    const again = move('v1.0.0', first);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`v1 already names ${first}`);
    expect(remoteTag('v1')).toBe(first);
  });

  it('refuses to move the major tag backwards', () => {
    const older = commit('1.0.0');
    const newer = commit('1.1.0');
    move('v1.1.0', newer);
    const back = move('v1.0.1', older);
    expect(back.status).toBe(1);
    expect(back.stdout).toContain(
      `::error::v1 names ${newer}, which v1.0.1 (${older}) does not descend from`,
    );
    expect(remoteTag('v1')).toBe(newer);
  });

  it('refuses to move the major tag sideways, to a commit on another line of history', () => {
    const base = commit('1.0.0');
    const released = commit('1.1.0');
    move('v1.1.0', released);
    git(local, 'checkout', '-q', '-b', 'side', base);
    const side = commit('side');
    expect(move('v1.2.0', side).status).toBe(1);
    expect(remoteTag('v1')).toBe(released);
  });

  it('moves only the major tag of the release: v2.0.0 leaves v1 alone', () => {
    const one = commit('1.0.0');
    move('v1.0.0', one);
    const two = commit('2.0.0');
    expect(move('v2.0.0', two).status).toBe(0);
    expect([remoteTag('v1'), remoteTag('v2')]).toEqual([one, two]);
  });

  it.each(['v1', 'v1.2', '1.2.3', 'v1.2.3-rc.1'])(
    'refuses %s, which is not a release tag',
    (tag) => {
      const sha = commit('x');
      const result = move(tag, sha);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`::error::${tag} is not a release tag (vMAJOR.MINOR.PATCH)`);
    },
  );
});
