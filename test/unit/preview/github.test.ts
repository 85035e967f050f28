import { startGitHubApi, type GitHubApi } from '../../support/github-api';
import {
  commentText,
  createDeployment,
  deactivateDeployments,
  githubClient,
  MARKER,
  setDeploymentState,
  upsertComment,
} from '../../../src/preview/github';

// The GitHub calls against a real local HTTP server (GITHUB_API_URL points at it).
let api: GitHubApi;
const saved = process.env.GITHUB_API_URL;
beforeAll(async () => {
  api = await startGitHubApi();
  process.env.GITHUB_API_URL = api.url;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.GITHUB_API_URL;
  else process.env.GITHUB_API_URL = saved;
  await api.stop();
});

const ref = { owner: 'my-org', repo: 'my-app', pr: 7 };

describe('preview on GitHub', () => {
  it('keeps one comment per PR, found by its marker and updated in place on every push', async () => {
    const octokit = await githubClient('ghs_token');
    api.comments.push({ id: 1, issue: 7, body: 'LGTM' });
    const first = await upsertComment(octokit, ref, commentText({ frontend: 'https://pr-7.p.example.com/', backend: 'https://x.awsapprunner.com' }, 'a'.repeat(40))); // prettier-ignore
    const second = await upsertComment(octokit, ref, commentText({ frontend: 'https://pr-7.p.example.com/' }, 'b'.repeat(40))); // prettier-ignore
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const mine = api.comments.filter((c) => c.body.includes(MARKER));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toContain('bbbbbbbbbbbb');
    expect(api.comments.find((c) => c.id === 1)?.body).toBe('LGTM');
    expect(api.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /repos/my-org/my-app/issues/7/comments',
      'POST /repos/my-org/my-app/issues/7/comments',
      'GET /repos/my-org/my-app/issues/7/comments',
      `PATCH /repos/my-org/my-app/issues/comments/${first.id}`,
    ]);
    expect(api.requests.every((r) => r.authorization === 'token ghs_token')).toBe(true);
  });

  it('records a deployment to preview/pr-<N> with in_progress, success and, on teardown, inactive', async () => {
    const octokit = await githubClient('ghs_token');
    api.requests.length = 0;
    const id = await createDeployment(octokit, ref, 'c'.repeat(40), 'preview/pr-7');
    await setDeploymentState(octokit, ref, id, 'in_progress');
    await setDeploymentState(octokit, ref, id, 'success', 'https://pr-7.p.example.com/');
    const failed = await createDeployment(octokit, ref, 'd'.repeat(40), 'preview/pr-7');
    await setDeploymentState(octokit, ref, failed, 'failure');
    expect(await deactivateDeployments(octokit, ref, 'preview/pr-7')).toBe(2);
    expect(api.deployments.map((d) => [d.environment, d.statuses])).toEqual([
      ['preview/pr-7', ['in_progress', 'success', 'inactive']],
      ['preview/pr-7', ['failure', 'inactive']],
    ]);
    const created = api.requests.find(
      (r) => r.method === 'POST' && r.path.endsWith('/deployments'),
    );
    expect(created?.body).toMatchObject({ ref: 'c'.repeat(40), environment: 'preview/pr-7', transient_environment: true, production_environment: false, auto_merge: false, required_contexts: [] }); // prettier-ignore
    const success = api.requests.find((r) => r.body?.state === 'success');
    expect(success?.body).toMatchObject({ environment_url: 'https://pr-7.p.example.com/' });
  });
});
