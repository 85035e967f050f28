import type { getOctokit } from '@actions/github';

/** The hidden marker that finds the preview's one comment on the pull request. */
export const MARKER = '<!-- aws-web-deploy:preview -->';

type Octokit = ReturnType<typeof getOctokit>;
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface PullRequestRef {
  owner: string;
  repo: string;
  pr: number;
}

/** A client for the GitHub REST API (GITHUB_API_URL, so GitHub Enterprise Server works too). */
export async function githubClient(token: string): Promise<Octokit> {
  const github = await import('@actions/github');
  return github.getOctokit(token);
}

/** Creates the preview's comment, or updates the one carrying the marker (one comment per PR). */
export async function upsertComment(
  octokit: Octokit,
  ref: PullRequestRef,
  text: string,
): Promise<{ id: number; created: boolean }> {
  const body = `${MARKER}\n${text}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.pr,
    per_page: 100,
  });
  const mine = comments.find((c) => c.body?.includes(MARKER) === true);
  if (mine !== undefined) {
    await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: mine.id, body }); // prettier-ignore
    return { id: mine.id, created: false };
  }
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.pr, body }); // prettier-ignore
  return { id: data.id, created: true };
}

/** The comment's text: both URLs and the commit they run. */
export function commentText(urls: { frontend?: string; backend?: string }, sha: string): string {
  return [
    `**Preview of ${sha.slice(0, 12)}**`,
    '',
    `| | URL |`,
    `| --- | --- |`,
    `| Frontend | ${urls.frontend ?? '(no preview-domain or site-url)'} |`,
    `| Backend | ${urls.backend ?? '(none)'} |`,
  ].join('\n');
}

/** A GitHub Deployment of `sha` to environment `preview/pr-<N>` (transient, not production). */
export async function createDeployment(
  octokit: Octokit,
  ref: PullRequestRef,
  sha: string,
  environment: string,
): Promise<number> {
  const { data } = await octokit.rest.repos.createDeployment({
    owner: ref.owner,
    repo: ref.repo,
    ref: sha,
    environment,
    auto_merge: false,
    required_contexts: [],
    transient_environment: true,
    production_environment: false,
    description: `Preview of PR #${ref.pr}`,
  });
  if (!('id' in data))
    throw new Error(`GitHub did not create the deployment: ${data.message ?? ''}`);
  return data.id;
}

export async function setDeploymentState(
  octokit: Octokit,
  ref: PullRequestRef,
  deploymentId: number,
  state: DeploymentState,
  environmentUrl?: string,
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    owner: ref.owner,
    repo: ref.repo,
    deployment_id: deploymentId,
    state,
    ...(environmentUrl === undefined ? {} : { environment_url: environmentUrl }),
  });
}

/** Marks every deployment of the environment inactive (teardown); returns how many. */
export async function deactivateDeployments(
  octokit: Octokit,
  ref: PullRequestRef,
  environment: string,
): Promise<number> {
  const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
    owner: ref.owner,
    repo: ref.repo,
    environment,
    per_page: 100,
  });
  for (const deployment of deployments) {
    await setDeploymentState(octokit, ref, deployment.id, 'inactive');
  }
  return deployments.length;
}
