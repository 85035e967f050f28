import { buildApp, EXAMPLES } from '../lib/app';
import { loadPolicy, placeholdersIn, type PolicyFile } from '../lib/iam-policy-source';
import { NAG_ACKNOWLEDGEMENT } from '../lib/nag';
import { nagString } from '../lib/nag-iam';
import { EXTRA_OUTPUT, outputKey } from '../lib/outputs';
import { committedTemplate, synthesizeTemplates } from '../lib/templates';
import { INFRA_INPUTS, OTHER_INPUTS, URL_INPUTS, workflowValues } from './example-workflows';
import { matches, policyDocuments, valuePattern, type Template } from './template-values';

// Every example stack is synthesized once, with cdk-nag's AwsSolutions checks as a validation
// plugin: an unacknowledged finding makes synth throw here, failing every test of this file.

const { app, stacks } = buildApp();
const texts = synthesizeTemplates(app, stacks);
const templates = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as Template]));
const cases = EXAMPLES.map((entry) => [entry.stackName, entry.example] as const);

function template(name: string): Template {
  return templates.get(name)!;
}

function resources(name: string, type: string): [string, Template['Resources'][string]][] {
  return Object.entries(template(name).Resources).filter(([, resource]) => resource.Type === type);
}

describe('every example has a stack', () => {
  it('covers the four examples', () => {
    expect(EXAMPLES.map((entry) => entry.example).sort()).toEqual([
      'dotnet-apprunner-react-postgres',
      'ecs-all-in-one-ssm',
      'ecs-fargate-alb-mysql',
      'fastapi-apprunner-vite-mysql',
    ]);
  });

  it('the SPA stacks have buckets (so the bucket checks below check something)', () => {
    for (const name of ['notes-production', 'tasks-production'])
      expect(resources(name, 'AWS::S3::Bucket').length).toBeGreaterThan(0);
  });
});

describe.each(cases)('%s (examples/%s)', (stackName, example) => {
  it('its committed template in infra/templates/ is the synthesized one (npm run infra:templates)', () => {
    expect(committedTemplate(stackName)).toBe(texts.get(stackName));
  });

  it('deploys without CDK: no bootstrap parameter, no asset', () => {
    const t = template(stackName);
    expect(Object.keys(t.Parameters ?? {})).not.toContain('BootstrapVersion');
    expect(JSON.stringify(t)).not.toMatch(/cdk-hnb659fds|AssetParameters|aws:asset/);
  });

  it('outputs every value its workflows read, named after the input, with a matching value', () => {
    const t = template(stackName);
    const outputs = t.Outputs ?? {};
    const problems: string[] = [];
    const used = new Set<string>();
    const values = workflowValues(example);
    for (const { file, id, input, value } of values) {
      if (OTHER_INPUTS.has(input)) continue;
      if (!INFRA_INPUTS.has(input)) {
        problems.push(
          `${file}: input ${input} is in neither INFRA_INPUTS nor OTHER_INPUTS (infra/test/example-workflows.ts)`,
        );
        continue;
      }
      const base = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
      // A value several steps give the same input differently is named after the step (or file).
      const ids = [...new Set(values.filter((v) => v.file === file && v.id).map((v) => v.id!))];
      const candidates = [
        outputKey(input),
        ...ids.map((stepId) => outputKey(`${stepId} ${input}`)),
        outputKey(`${base} ${input}`),
      ];
      // A URL the workflow checks is the user's own domain: the output gives the endpoint to
      // point it at, so only its presence and form are checked.
      const wanted = URL_INPUTS.has(input) ? 'https://any.example.com' : value;
      const like = (key: string): boolean =>
        URL_INPUTS.has(input)
          ? new RegExp(
              `^${valuePattern(t, outputs[key]!.Value).replace(/^http(s)?:/, 'https?:')}$`,
            ).test(wanted)
          : matches(t, outputs[key]!.Value, value);
      const found = candidates.find((key) => outputs[key] && like(key));
      if (found) used.add(found);
      else
        problems.push(
          `${file}${id ? ` step ${id}` : ''}: ${input}: ${JSON.stringify(value)} is no output of ${stackName} (looked for ${candidates.join(', ')} with a matching value)`,
        );
    }
    for (const [key, output] of Object.entries(outputs))
      if (!used.has(key) && !(output.Description ?? '').startsWith(EXTRA_OUTPUT))
        problems.push(
          `output ${key} is read by no workflow of examples/${example} and not marked with extraOutput()`,
        );
    expect(problems).toEqual([]);
  });

  it('no bucket is public: Block Public Access on, encryption on, TLS-only policy', () => {
    const buckets = resources(stackName, 'AWS::S3::Bucket');
    for (const [id, bucket] of buckets) {
      expect([id, bucket.Properties?.PublicAccessBlockConfiguration]).toEqual([
        id,
        {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      ]);
      expect(bucket.Properties?.BucketEncryption).toBeDefined();
      expect(bucket.Properties).not.toHaveProperty('WebsiteConfiguration');
      const policy = resources(stackName, 'AWS::S3::BucketPolicy').find(
        ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: id }),
      );
      const statements = (
        policy?.[1].Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }
      ).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const publicAllows = statements.filter(
        (s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).match(/"\*"/),
      );
      expect(publicAllows).toEqual([]);
    }
  });

  it('CloudFront reads the bucket through Origin Access Control, and only that distribution may', () => {
    const distributions = resources(stackName, 'AWS::CloudFront::Distribution');
    for (const [id, distribution] of distributions) {
      const config = distribution.Properties?.DistributionConfig as Record<string, unknown>;
      const origins = config.Origins as Record<string, unknown>[];
      for (const origin of origins) {
        expect(origin.OriginAccessControlId).toBeDefined();
        expect(JSON.stringify(origin.S3OriginConfig ?? {})).toBe(
          JSON.stringify({ OriginAccessIdentity: '' }),
        );
      }
      expect(config.HttpVersion).toBe('http2and3');
      const sourceArns = JSON.stringify(
        resources(stackName, 'AWS::S3::BucketPolicy').map(([, p]) => p.Properties),
      );
      expect(sourceArns).toContain(`"Ref":"${id}"`);
    }
    expect(resources(stackName, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
  });

  it('the deploy role trusts exactly sts.amazonaws.com and repo:OWNER/REPO:environment:production', () => {
    const roles = resources(stackName, 'AWS::IAM::Role').filter(([, role]) =>
      JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes(
        'AssumeRoleWithWebIdentity',
      ),
    );
    expect(roles).toHaveLength(1);
    const statement = (
      roles[0]![1].Properties!.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement;
    expect(statement).toHaveLength(1);
    expect(statement[0]!.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': {
          'Fn::Join': ['', ['repo:', { Ref: 'GitHubRepository' }, ':environment:production']],
        },
      },
    });
  });

  it('no policy allows a "*" action or a whole service (service:*); denies may', () => {
    const wild: string[] = [];
    for (const { where, document } of policyDocuments(template(stackName)))
      for (const statement of document.Statement.filter((s) => s.Effect === 'Allow'))
        for (const action of [statement.Action ?? []].flat() as string[])
          if (action === '*' || action.endsWith(':*')) wild.push(`${where}: ${action}`);
    expect(wild).toEqual([]);
  });

  it('stateful resources are kept: RDS deletion protection and final snapshot; buckets, repositories, secrets retained', () => {
    for (const [id, db] of resources(stackName, 'AWS::RDS::DBInstance')) {
      expect([
        id,
        db.Properties?.DeletionProtection,
        db.DeletionPolicy,
        db.Properties?.StorageEncrypted,
        db.Properties?.PubliclyAccessible,
      ]).toEqual([id, true, 'Snapshot', true, false]);
    }
    for (const type of ['AWS::S3::Bucket', 'AWS::ECR::Repository', 'AWS::SecretsManager::Secret'])
      for (const [id, resource] of resources(stackName, type))
        expect([id, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([
          id,
          'Retain',
          'Retain',
        ]);
  });

  it('the deploy role has exactly statements of iam/policies/, with their actions and resource shapes', () => {
    const role = resources(stackName, 'AWS::IAM::Role').find(([, r]) =>
      JSON.stringify(r.Properties?.AssumeRolePolicyDocument).includes('AssumeRoleWithWebIdentity'),
    )!;
    const policies = role[1].Properties!.Policies as {
      PolicyDocument: { Statement: Record<string, unknown>[] };
    }[];
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements.length).toBeGreaterThan(0);
    const files: PolicyFile[] = [
      'deploy',
      'build-push-ecr',
      'deploy-apprunner',
      'deploy-ecs',
      'invalidate-cdn',
      'run-migrations',
      'sync-spa-s3',
    ];
    const problems: string[] = [];
    for (const statement of statements) {
      const sid = String(statement.Sid);
      const source = files
        .map((file) => loadPolicy(file).Statement.find((s) => s.Sid === sid))
        .find(Boolean);
      if (!source) {
        problems.push(`${sid}: in no file of iam/policies/`);
        continue;
      }
      const actions = [statement.Action].flat();
      if (JSON.stringify(actions) !== JSON.stringify(source.Action))
        problems.push(
          `${sid}: actions ${actions.join(',')} differ from iam/policies (${source.Action.join(',')})`,
        );
      const shapes = [source.Resource].flat().map(
        (r) =>
          new RegExp(
            `^${placeholdersIn(r)
              .reduce((text, name) => text.split(name).join('\u0000'), r)
              .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
              .split('\u0000')
              .join('.+')}$`,
          ),
      );
      for (const resource of [statement.Resource].flat())
        if (!shapes.some((shape) => shape.test(nagString(resource))))
          problems.push(
            `${sid}: resource ${nagString(resource)} has no shape of iam/policies (${[source.Resource].flat().join(', ')})`,
          );
    }
    expect(problems).toEqual([]);
  });

  it('load balancers log their access to a private bucket that only ELB log delivery may write', () => {
    for (const [id, lb] of resources(stackName, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const attributes = lb.Properties?.LoadBalancerAttributes as { Key: string; Value: unknown }[];
      expect([id, attributes.find((a) => a.Key === 'access_logs.s3.enabled')?.Value]).toEqual([
        id,
        'true',
      ]);
      const bucket = (
        attributes.find((a) => a.Key === 'access_logs.s3.bucket')?.Value as { Ref: string }
      ).Ref;
      expect(template(stackName).Resources[bucket]?.Type).toBe('AWS::S3::Bucket');
      const [, policy] = resources(stackName, 'AWS::S3::BucketPolicy').find(
        ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: bucket }),
      )!;
      const text = JSON.stringify(policy.Properties?.PolicyDocument);
      expect(text).toContain('logdelivery.elasticloadbalancing.amazonaws.com');
      expect(text).toMatch(/"Fn::FindInMap":\["[A-Za-z0-9]+",\{"Ref":"AWS::Region"\},"account"\]/);
    }
  });

  it('every acknowledged cdk-nag finding states its reason', () => {
    const found: { path: string; id: string; reason: string }[] = [];
    for (const construct of app.node.findAll())
      for (const entry of construct.node.metadata)
        if (entry.type === NAG_ACKNOWLEDGEMENT && construct.node.path.startsWith(`${stackName}/`))
          found.push({
            path: construct.node.path,
            ...(entry.data as { id: string; reason: string }),
          });
    expect(found.length).toBeGreaterThan(0);
    for (const entry of found) expect(entry.reason.length).toBeGreaterThan(30);
  });
});
