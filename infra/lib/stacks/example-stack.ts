import {
  CfnCondition,
  CfnParameter,
  DefaultStackSynthesizer,
  Fn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { type Construct } from 'constructs';
import { GitHubDeployRole } from '../constructs/github-deploy-role';
import { type PolicySelection } from '../iam-policy-source';

export interface ExampleStackProps extends StackProps {
  /** GitHub environment the deploy role trusts (default production). */
  readonly githubEnvironment?: string;
}

/**
 * Base of the example stacks: plain CloudFormation (no bootstrap, no assets) so the synthesized
 * template deploys with `aws cloudformation deploy`, the GitHub repository and an existing OIDC
 * provider as template parameters, and the deploy role.
 */
export abstract class ExampleStack extends Stack {
  readonly githubEnvironment: string;
  readonly repositoryParameter: CfnParameter;
  readonly providerParameter: CfnParameter;

  protected constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, {
      ...props,
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    this.githubEnvironment = props.githubEnvironment ?? 'production';
    this.repositoryParameter = new CfnParameter(this, 'GitHubRepository', {
      type: 'String',
      description:
        'The repository whose workflows deploy, OWNER/REPO (the deploy role trusts only its jobs in the environment)',
      allowedPattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$',
      constraintDescription: 'OWNER/REPO, e.g. my-org/my-app',
    });
    this.providerParameter = new CfnParameter(this, 'ExistingGitHubOidcProviderArn', {
      type: 'String',
      default: '',
      description:
        "ARN of the account's GitHub OIDC provider when it already has one (an account has one per URL); empty creates it",
      allowedPattern:
        '^(arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com)?$',
    });
  }

  protected deployRole(roleName: string, policies: readonly PolicySelection[]): GitHubDeployRole {
    const create = new CfnCondition(this, 'CreateGitHubOidcProvider', {
      expression: Fn.conditionEquals(this.providerParameter.valueAsString, ''),
    });
    return new GitHubDeployRole(this, 'GitHubDeploy', {
      repository: this.repositoryParameter.valueAsString,
      environments: [this.githubEnvironment],
      roleNames: { [this.githubEnvironment]: roleName },
      oidcProviderArn: this.providerParameter.valueAsString,
      createProviderWhen: create,
      policies,
    });
  }
}
