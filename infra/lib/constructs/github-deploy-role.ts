import { type CfnCondition, Duration, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../nag-iam';
import { renderPolicy, type PolicySelection } from '../iam-policy-source';
import { check, checkName } from '../props';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface GitHubDeployRoleProps {
  /** The repository whose workflows deploy, OWNER/REPO. */
  readonly repository: string;
  /** GitHub environments; one role each, trusted only from a job running in that environment. */
  readonly environments: readonly string[];
  /** Role name per environment (default: CloudFormation-generated). */
  readonly roleNames?: Readonly<Record<string, string>>;
  /**
   * ARN of the account's existing GitHub OIDC provider (an account has at most one per URL).
   * Default: this construct creates it.
   */
  readonly oidcProviderArn?: string;
  /**
   * Create the provider only when this condition holds, and use oidcProviderArn otherwise (a
   * template parameter: accounts that already have the provider pass its ARN).
   */
  readonly createProviderWhen?: CfnCondition;
  /** The permissions: statements of iam/policies/*.json with this stack's values. */
  readonly policies: readonly PolicySelection[];
  /** Longest session a deploy job gets (default 1 hour). */
  readonly maxSessionDuration?: Duration;
}

/** The GitHub OIDC provider and one least-privilege deploy role per GitHub environment. */
export class GitHubDeployRole extends Construct {
  readonly providerArn: string;
  readonly roles: Readonly<Record<string, iam.Role>>;

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    super(scope, id);
    const name = 'GitHubDeployRole';
    checkName(
      name,
      'repository',
      props.repository,
      /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
      'use OWNER/REPO, e.g. my-org/my-app',
    );
    check(
      name,
      'environments',
      props.environments.length > 0,
      'is empty: name at least one GitHub environment',
    );
    for (const environment of props.environments)
      checkName(
        name,
        'environments',
        environment,
        /^[^*?:\s][^*?:]*$/,
        'an environment name has no wildcard or colon',
      );
    check(
      name,
      'environments',
      new Set(props.environments).size === props.environments.length,
      'repeats an environment',
    );
    for (const key of Object.keys(props.roleNames ?? {}))
      check(
        name,
        'roleNames',
        props.environments.includes(key),
        `names "${key}", which is not in props.environments`,
      );
    checkName(
      name,
      'oidcProviderArn',
      props.oidcProviderArn,
      /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
      'use arn:aws:iam::ACCOUNT_ID:oidc-provider/token.actions.githubusercontent.com',
    );
    check(
      name,
      'policies',
      props.policies.length > 0,
      'is empty: a deploy role needs the policies of iam/policies/',
    );

    check(
      name,
      'oidcProviderArn',
      props.createProviderWhen === undefined || props.oidcProviderArn !== undefined,
      'is required with props.createProviderWhen (the ARN used when the condition is false)',
    );
    if (props.oidcProviderArn !== undefined && props.createProviderWhen === undefined) {
      this.providerArn = props.oidcProviderArn;
    } else {
      const provider = new iam.OidcProviderNative(this, 'Provider', {
        url: GITHUB_OIDC_URL,
        clientIds: ['sts.amazonaws.com'],
      });
      if (props.createProviderWhen) {
        (provider.node.defaultChild as iam.CfnOIDCProvider).cfnOptions.condition =
          props.createProviderWhen;
        this.providerArn = Fn.conditionIf(
          props.createProviderWhen.logicalId,
          provider.oidcProviderArn,
          props.oidcProviderArn!,
        ).toString();
      } else {
        this.providerArn = provider.oidcProviderArn;
      }
    }

    const render = (): iam.PolicyStatement[] =>
      props.policies.flatMap((selection, index) =>
        renderPolicy(selection, `${name}: props.policies[${index}]`),
      );
    render(); // bad policies fail here, before any role exists
    const roles: Record<string, iam.Role> = {};
    for (const environment of props.environments) {
      const roleName = props.roleNames?.[environment];
      const role = new iam.Role(this, `Role-${environment}`, {
        ...(roleName ? { roleName } : {}),
        description: `GitHub Actions deploys of ${props.repository} in environment ${environment}`,
        maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
        assumedBy: new iam.FederatedPrincipal(
          this.providerArn,
          {
            StringEquals: {
              [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
              [`${GITHUB_OIDC_HOST}:sub`]: `repo:${props.repository}:environment:${environment}`,
            },
          },
          'sts:AssumeRoleWithWebIdentity',
        ),
        inlinePolicies: { deploy: new iam.PolicyDocument({ statements: render() }) },
      });
      acknowledgeWildcards(role, render());
      roles[environment] = role;
    }
    this.roles = roles;
  }
}
