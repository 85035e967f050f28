import { AwsError } from '../../server/aws-error';
import {
  el,
  requestId,
  sendXml,
  sendXmlErrorResponse,
  type XmlValue,
} from '../../server/protocols';
import type { AwsService, ServiceFactory } from '../../server/service';
import { StackEngine } from './engine';
import type { StackRecord } from './model';
import {
  createChangeSet,
  createStack,
  deleteStack,
  executeChangeSet,
  updateStack,
  type Operations,
} from './operations';
import { createClients, type Clients } from './providers/clients';
import {
  changeSetSummaryXml,
  changeSetXml,
  eventXml,
  members,
  QueryParams,
  resourceXml,
  stackXml,
} from './query';
import { setStackStatus, StackStore } from './stacks';
import { parseTemplate, requiredCapability } from './template';

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** The CloudFormation service's state handle for tests. */
export interface CloudFormationService extends AwsService {
  store: StackStore;
}

type Action = (params: QueryParams) => XmlValue | void;

/**
 * CloudFormation (awsQuery, 2010-05-15): stacks and change sets whose resources are created in
 * the stack's own services (see README, "CloudFormation"). Stack operations run in the
 * background, one step every `cloudformation.step` ms (default 200).
 */
export const createCloudFormationService: ServiceFactory = (context) => {
  const store = new StackStore(context.region, context.accountId);
  let clients: Clients | undefined;
  const stepMs = context.timing('cloudformation.step', 200);
  const running = new Set<Promise<void>>();
  const engine = new StackEngine({
    store,
    clients: () => (clients ??= createClients(context.endpoint(), context.region)),
    stepMs,
  });
  const ops: Operations = {
    store,
    engine,
    stepMs,
    background(stack, work) {
      const job = new Promise((resolve) => setTimeout(resolve, stepMs))
        .then(work)
        .catch((error: unknown) => {
          const failed = stack.status.startsWith('UPDATE')
            ? 'UPDATE_ROLLBACK_FAILED'
            : stack.status.startsWith('DELETE')
              ? 'DELETE_FAILED'
              : 'ROLLBACK_FAILED';
          setStackStatus(
            stack,
            failed,
            `Internal Failure: ${error instanceof Error ? error.message : String(error)}`,
          );
        })
        .finally(() => running.delete(job));
      running.add(job);
    },
  };

  const stacksOf = (name: string | undefined): StackRecord[] =>
    name === undefined
      ? [...store.stacks.values()].filter((s) => s.status !== 'DELETE_COMPLETE')
      : [store.get(name)];

  const actions: Record<string, Action> = {
    CreateStack: (p) => el('StackId', createStack(ops, p)),
    UpdateStack: (p) => el('StackId', updateStack(ops, p)),
    DeleteStack: (p) => void deleteStack(ops, p),
    CreateChangeSet: (p) => {
      const { id, stackId } = createChangeSet(ops, p);
      return [el('Id', id), el('StackId', stackId)];
    },
    DescribeChangeSet: (p) =>
      changeSetXml(store.changeSet(p.get('ChangeSetName') ?? '', p.get('StackName'))),
    ExecuteChangeSet: (p) => void executeChangeSet(ops, p),
    DeleteChangeSet: (p) => {
      const changeSet = store.changeSet(p.get('ChangeSetName') ?? '', p.get('StackName'));
      if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
        throw new AwsError(
          'InvalidChangeSetStatus',
          `Cannot delete ChangeSet [${changeSet.changeSetId}] while it is being executed`,
        );
      }
      store.changeSets.delete(changeSet.changeSetId);
    },
    ListChangeSets: (p) => {
      const stack = store.get(p.get('StackName') ?? '');
      const sets = [...store.changeSets.values()].filter((c) => c.stackId === stack.stackId);
      return el('Summaries', members(sets.map(changeSetSummaryXml)));
    },
    DescribeStacks: (p) => el('Stacks', members(stacksOf(p.get('StackName')).map(stackXml))),
    ListStacks: (p) => {
      const filter = p.strings('StackStatusFilter');
      const stacks = [...store.stacks.values()].filter(
        (s) => filter.length === 0 || filter.includes(s.status),
      );
      return el(
        'StackSummaries',
        members(
          stacks.map((s) => [
            el('StackId', s.stackId),
            el('StackName', s.name),
            s.description === undefined ? undefined : el('TemplateDescription', s.description),
            el('CreationTime', s.created.toISOString()),
            s.lastUpdated === undefined
              ? undefined
              : el('LastUpdatedTime', s.lastUpdated.toISOString()),
            s.deleted === undefined ? undefined : el('DeletionTime', s.deleted.toISOString()),
            el('StackStatus', s.status),
            s.statusReason === undefined ? undefined : el('StackStatusReason', s.statusReason),
          ]),
        ),
      );
    },
    DescribeStackEvents: (p) => {
      const stack = store.get(p.get('StackName') ?? '');
      return el('StackEvents', members([...stack.events].reverse().map((e) => eventXml(stack, e))));
    },
    DescribeStackResources: (p) => {
      const stack = store.get(p.get('StackName') ?? '');
      const logicalId = p.get('LogicalResourceId');
      const resources = [...stack.resources.values()].filter(
        (r) => logicalId === undefined || r.logicalId === logicalId,
      );
      return el('StackResources', members(resources.map((r) => resourceXml(stack, r))));
    },
    GetTemplate: (p) => {
      const changeSetName = p.get('ChangeSetName');
      const body =
        changeSetName !== undefined
          ? store.changeSet(changeSetName, p.get('StackName')).templateBody
          : store.get(p.get('StackName') ?? '').templateBody;
      return [el('TemplateBody', body), el('StagesAvailable', members(['Original', 'Processed']))];
    },
    ValidateTemplate: (p) => {
      const template = parseTemplate(p.get('TemplateBody') ?? '');
      const capability = requiredCapability(template);
      return [
        el(
          'Parameters',
          members(
            Object.entries(template.Parameters ?? {}).map(([key, declared]) => [
              el('ParameterKey', key),
              declared.Default === undefined
                ? undefined
                : el('DefaultValue', String(declared.Default)),
              el('NoEcho', String(declared.NoEcho ?? false) === 'true'),
              declared.Description === undefined
                ? undefined
                : el('Description', declared.Description),
            ]),
          ),
        ),
        template.Description === undefined
          ? undefined
          : el('Description', String(template.Description)),
        el('Capabilities', members(capability === undefined ? [] : [capability])),
      ];
    },
  };

  const actionOf = (body: Buffer): string =>
    new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
  const service: CloudFormationService = {
    store,
    signingNames: ['cloudformation'],
    operationOf: (req) => actionOf(req.body),
    sendError: (res, error) => sendXmlErrorResponse(res, error, XMLNS),
    handle(req, res) {
      const params = new QueryParams(new URLSearchParams(req.body.toString('utf8')));
      const action = params.get('Action') ?? '';
      const handler = Object.prototype.hasOwnProperty.call(actions, action)
        ? actions[action]
        : undefined;
      if (handler === undefined) {
        return Promise.reject(
          new AwsError(
            'InvalidAction',
            `Could not find operation ${action} for version 2010-05-15`,
          ),
        );
      }
      const result = handler(params);
      sendXml(
        res,
        el(
          `${action}Response`,
          [
            el(`${action}Result`, result ?? ''),
            el('ResponseMetadata', el('RequestId', requestId())),
          ],
          { xmlns: XMLNS },
        ),
      );
      return Promise.resolve();
    },
    async close() {
      engine.stop();
      await Promise.allSettled([...running]);
      clients?.destroy();
    },
  };
  return service;
};
