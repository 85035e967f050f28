import {
  evaluatePlan,
  firstFailure,
  planMarkdown,
  type DescribeChangeSetPage,
} from '../../../src/infra-plan/plan';

// DescribeChangeSet answers as the CloudFormation API gives them (Changes[].ResourceChange with
// Action Add|Modify|Remove, Replacement True|False|Conditional), split into pages.

function change(id: string, type: string, action: string, replacement?: string) {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: action,
      LogicalResourceId: id,
      ResourceType: type,
      ...(replacement ? { Replacement: replacement } : {}),
      Scope: ['Properties'],
    },
  };
}

const page = (
  changes: ReturnType<typeof change>[],
  extra: Partial<DescribeChangeSetPage> = {},
): DescribeChangeSetPage => ({
  ChangeSetName: 'pr-12',
  StackName: 'notes-production',
  Status: 'CREATE_COMPLETE',
  ExecutionStatus: 'AVAILABLE',
  Changes: changes,
  ...extra,
});

describe('evaluatePlan', () => {
  it('lists every change of every page with its action and replacement', () => {
    const plan = evaluatePlan(
      [
        page([change('SiteDistribution', 'AWS::CloudFront::Distribution', 'Modify', 'False')], {
          NextToken: 't',
        }),
        page([
          change('NewRole', 'AWS::IAM::Role', 'Add'),
          change('OldGroup', 'AWS::EC2::SecurityGroup', 'Remove'),
        ]),
      ],
      false,
    );
    expect(plan.ok).toBe(true);
    expect(plan.rows.map((row) => [row.resource, row.action, row.replacement])).toEqual([
      ['SiteDistribution', 'Modify', 'False'],
      ['NewRole', 'Add', ''],
      ['OldGroup', 'Remove', ''],
    ]);
  });

  it('refuses a database replacement, naming the resource and the input that allows it', () => {
    const plan = evaluatePlan(
      [page([change('DatabaseInstance', 'AWS::RDS::DBInstance', 'Modify', 'True')])],
      false,
    );
    expect(plan.ok).toBe(false);
    expect(plan.problems).toEqual([
      expect.stringMatching(
        /^DatabaseInstance \(AWS::RDS::DBInstance\) would be replaced: .*allow-stateful-replacement: true/,
      ),
    ]);
  });

  it.each([
    ['AWS::S3::Bucket', 'Remove', undefined, 'deleted'],
    ['AWS::ECR::Repository', 'Modify', 'Conditional', 'possibly replaced'],
    ['AWS::SecretsManager::Secret', 'Modify', 'True', 'replaced'],
  ])('refuses %s %s (%s)', (type, action, replacement, words) => {
    const plan = evaluatePlan([page([change('Thing', type, action, replacement)])], false);
    expect(plan.problems).toEqual([expect.stringContaining(`would be ${words}`)]);
  });

  it('lets a stateful change through when it is no replacement, or when the input allows it', () => {
    expect(
      evaluatePlan(
        [page([change('DatabaseInstance', 'AWS::RDS::DBInstance', 'Modify', 'False')])],
        false,
      ).ok,
    ).toBe(true);
    const allowed = evaluatePlan(
      [page([change('DatabaseInstance', 'AWS::RDS::DBInstance', 'Modify', 'True')])],
      true,
    );
    expect(allowed.ok).toBe(true);
    expect(allowed.destructive.map((row) => row.resource)).toEqual(['DatabaseInstance']);
  });

  it('reads CloudFormation\'s "no changes" failure as an empty plan, and any other failure as a problem', () => {
    const empty = evaluatePlan(
      [
        page([], {
          Status: 'FAILED',
          StatusReason:
            "The submitted information didn't contain changes. Submit different information to create a change set.",
        }),
      ],
      false,
    );
    expect([empty.ok, empty.empty]).toEqual([true, true]);
    expect(planMarkdown(empty, '<!-- m -->')).toContain('No changes.');
    const failed = evaluatePlan(
      [
        page([], {
          Status: 'FAILED',
          StatusReason: 'Template format error: Unresolved resource dependencies [Foo]',
        }),
      ],
      false,
    );
    expect(failed.problems).toEqual([
      'the change set failed: Template format error: Unresolved resource dependencies [Foo]',
    ]);
  });

  it('renders one table with the marker the comment is found by', () => {
    const markdown = planMarkdown(
      evaluatePlan(
        [page([change('DatabaseInstance', 'AWS::RDS::DBInstance', 'Modify', 'True')])],
        false,
      ),
      '<!-- m -->',
    );
    expect(markdown.split('\n').slice(0, 2)).toEqual([
      '<!-- m -->',
      '### Infrastructure plan: notes-production',
    ]);
    expect(markdown).toContain('| **DatabaseInstance** | AWS::RDS::DBInstance | Modify | True |');
    expect(markdown).toContain('**Not executable:**');
  });
});

describe('firstFailure', () => {
  it('names the earliest failed resource since the execution started, not older events or the stack', () => {
    const events = [
      {
        Timestamp: '2026-12-04T10:05:00Z',
        LogicalResourceId: 'notes-production',
        ResourceType: 'AWS::CloudFormation::Stack',
        ResourceStatus: 'UPDATE_FAILED',
        ResourceStatusReason: 'stack',
      },
      {
        Timestamp: '2026-12-04T10:04:00Z',
        LogicalResourceId: 'Later',
        ResourceType: 'AWS::IAM::Role',
        ResourceStatus: 'UPDATE_FAILED',
        ResourceStatusReason: 'Resource update cancelled',
      },
      {
        Timestamp: '2026-12-04T10:03:00Z',
        LogicalResourceId: 'DatabaseInstance',
        ResourceType: 'AWS::RDS::DBInstance',
        ResourceStatus: 'UPDATE_FAILED',
        ResourceStatusReason: 'Cannot upgrade postgres from 16 to 13',
      },
      {
        Timestamp: '2026-12-03T09:00:00Z',
        LogicalResourceId: 'Old',
        ResourceType: 'AWS::S3::Bucket',
        ResourceStatus: 'CREATE_FAILED',
        ResourceStatusReason: 'old',
      },
    ];
    expect(firstFailure(events, '2026-12-04T10:00:00Z')).toMatchObject({
      LogicalResourceId: 'DatabaseInstance',
      ResourceStatusReason: 'Cannot upgrade postgres from 16 to 13',
    });
    expect(firstFailure(events, '2026-12-05T00:00:00Z')).toBeUndefined();
  });
});
