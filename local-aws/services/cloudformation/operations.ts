import { isDeepStrictEqual } from 'node:util';
import { AwsError } from '../../server/aws-error';
import { computeChanges } from './changes';
import type { StackEngine } from './engine';
import { plan, validatePlan } from './evaluation';
import type { ChangeSetRecord, StackRecord, Template } from './model';
import type { QueryParams } from './query';
import { assertUpdatable, type StackStore } from './stacks';
import { parseTemplate, requiredCapability, resolveParameters } from './template';

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

export interface Operations {
  store: StackStore;
  engine: StackEngine;
  /** Runs a stack operation in the background, as AWS does (the call answers at once). */
  background(stack: StackRecord, work: () => Promise<void>): void;
  stepMs: number;
}

export function checkStackName(name: string | undefined): string {
  if (name === undefined || name === '') {
    throw new AwsError(
      'ValidationError',
      "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`,
    );
  }
  return name;
}

/** The template of a request: TemplateBody, or the stack's own with UsePreviousTemplate. */
export function requestTemplate(
  params: QueryParams,
  previous?: StackRecord,
): { template: Template; body: string } {
  const body = params.get('TemplateBody');
  if (params.bool('UsePreviousTemplate') === true) {
    if (previous?.template === undefined)
      throw new AwsError(
        'ValidationError',
        'UsePreviousTemplate is only allowed for an existing stack with a template',
      );
    return { template: previous.template, body: previous.templateBody };
  }
  if (params.get('TemplateURL') !== undefined) {
    throw new AwsError(
      'ValidationError',
      'TemplateURL is not supported by the local stack: send TemplateBody',
    );
  }
  if (body === undefined)
    throw new AwsError(
      'ValidationError',
      'Either Template URL or Template Body must be specified.',
    );
  return { template: parseTemplate(body), body };
}

export function requestParameters(
  params: QueryParams,
  template: Template,
  previous?: StackRecord,
): Record<string, string> {
  const given: Record<string, string> = {};
  const usePrevious = new Set<string>();
  for (const item of params.structures('Parameters')) {
    const key = item.ParameterKey ?? '';
    if (item.UsePreviousValue === 'true') usePrevious.add(key);
    else given[key] = item.ParameterValue ?? '';
  }
  return resolveParameters(template, given, previous?.parameters ?? {}, usePrevious);
}

export function checkCapabilities(template: Template, capabilities: string[]): void {
  const needed = requiredCapability(template);
  if (
    needed === undefined ||
    capabilities.includes(needed) ||
    capabilities.includes('CAPABILITY_NAMED_IAM')
  )
    return;
  throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`);
}

function newStack(
  ops: Operations,
  name: string,
  params: QueryParams,
  body: string,
  template: Template,
): StackRecord {
  return {
    stackId: ops.store.newStackId(name),
    name,
    ...(template.Description === undefined ? {} : { description: String(template.Description) }),
    status: 'REVIEW_IN_PROGRESS',
    created: new Date(),
    template,
    templateBody: body,
    parameters: {},
    capabilities: params.strings('Capabilities'),
    tags: params.structures('Tags').map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
    resources: new Map(),
    outputs: [],
    events: [],
    disableRollback:
      params.bool('DisableRollback') === true || params.get('OnFailure') === 'DO_NOTHING',
  };
}

/** Resolves and checks a template for a stack before anything changes. */
function prepare(ops: Operations, stack: StackRecord, params: QueryParams, previous?: StackRecord) {
  const { template, body } = requestTemplate(params, previous);
  const parameters = requestParameters(params, template, previous);
  checkCapabilities(template, params.strings('Capabilities'));
  validatePlan(plan(ops.store, stack, template, parameters, () => undefined));
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const old = previous?.resources.get(logicalId);
    if (old !== undefined && old.type !== resource.Type) {
      throw new AwsError(
        'ValidationError',
        `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${logicalId}]`,
      );
    }
  }
  return { template, body, parameters };
}

export function createStack(ops: Operations, params: QueryParams): string {
  const name = checkStackName(params.get('StackName'));
  if (ops.store.find(name) !== undefined)
    throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
  const { template, body } = requestTemplate(params);
  const stack = newStack(ops, name, params, body, template);
  const { parameters } = prepare(ops, stack, params);
  stack.status = 'CREATE_IN_PROGRESS';
  ops.store.stacks.set(stack.stackId, stack);
  ops.background(stack, async () => {
    await ops.engine.create(stack, template, parameters);
    if (stack.status === 'ROLLBACK_COMPLETE' && params.get('OnFailure') === 'DELETE')
      await ops.engine.delete(stack);
  });
  return stack.stackId;
}

export function updateStack(ops: Operations, params: QueryParams): string {
  const stack = ops.store.get(checkStackName(params.get('StackName')));
  assertUpdatable(stack);
  if (stack.status === 'REVIEW_IN_PROGRESS') {
    throw new AwsError(
      'ValidationError',
      `Stack:${stack.stackId} is in REVIEW_IN_PROGRESS state and can not be updated.`,
    );
  }
  const { template, body, parameters } = prepare(ops, stack, params, stack);
  if (
    computeChanges(ops.store, stack, template, parameters).length === 0 &&
    isDeepStrictEqual(template.Outputs ?? {}, stack.template?.Outputs ?? {})
  ) {
    throw new AwsError('ValidationError', 'No updates are to be performed.');
  }
  stack.templateBody = body;
  stack.capabilities = params.strings('Capabilities');
  stack.status = 'UPDATE_IN_PROGRESS';
  ops.background(stack, () => ops.engine.update(stack, template, parameters));
  return stack.stackId;
}

export function deleteStack(ops: Operations, params: QueryParams): void {
  const stack = ops.store.find(params.get('StackName') ?? '');
  if (
    stack === undefined ||
    stack.status === 'DELETE_COMPLETE' ||
    stack.status === 'DELETE_IN_PROGRESS'
  )
    return;
  if (/_IN_PROGRESS$/.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
    throw new AwsError(
      'ValidationError',
      `Stack [${stack.name}] cannot be deleted while in status ${stack.status}`,
    );
  }
  stack.status = 'DELETE_IN_PROGRESS';
  for (const changeSet of ops.store.changeSets.values()) {
    if (changeSet.stackId === stack.stackId) ops.store.changeSets.delete(changeSet.changeSetId);
  }
  ops.background(stack, () => ops.engine.delete(stack));
}

export function createChangeSet(
  ops: Operations,
  params: QueryParams,
): { id: string; stackId: string } {
  const stackName = checkStackName(params.get('StackName'));
  const changeSetName = params.get('ChangeSetName') ?? '';
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(changeSetName) || changeSetName.length > 128) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  const type = (params.get('ChangeSetType') ?? 'UPDATE') as 'CREATE' | 'UPDATE';
  let stack = ops.store.find(stackName);
  if (type === 'CREATE' && stack !== undefined && stack.status !== 'REVIEW_IN_PROGRESS') {
    throw new AwsError(
      'ValidationError',
      `Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`,
    );
  }
  if (type === 'UPDATE' && (stack === undefined || stack.status === 'REVIEW_IN_PROGRESS')) {
    throw new AwsError('ValidationError', `Stack [${stackName}] does not exist`);
  }
  if (type === 'UPDATE') assertUpdatable(stack!);
  const existingStack = type === 'UPDATE' ? stack : undefined;
  const { template: parsed, body } = requestTemplate(params, existingStack);
  stack ??= newStack(ops, stackName, params, body, parsed);
  const { template, parameters } = prepare(ops, stack, params, existingStack);
  if (
    [...ops.store.changeSets.values()].some(
      (c) => c.stackId === stack.stackId && c.name === changeSetName,
    )
  ) {
    throw new AwsError('AlreadyExistsException', `ChangeSet [${changeSetName}] already exists`);
  }
  if (!ops.store.stacks.has(stack.stackId)) {
    ops.store.stacks.set(stack.stackId, stack);
    stack.events.push({
      eventId: `${stack.name}-REVIEW_IN_PROGRESS`,
      logicalId: stack.name,
      physicalId: stack.stackId,
      type: 'AWS::CloudFormation::Stack',
      timestamp: new Date(),
      status: 'REVIEW_IN_PROGRESS',
      reason: 'User Initiated',
    });
  }
  const description = params.get('Description');
  const changeSet: ChangeSetRecord = {
    changeSetId: ops.store.newChangeSetId(changeSetName),
    name: changeSetName,
    stackId: stack.stackId,
    stackName: stack.name,
    type,
    ...(description === undefined ? {} : { description }),
    status: 'CREATE_PENDING',
    executionStatus: 'UNAVAILABLE',
    created: new Date(),
    template,
    templateBody: body,
    parameters,
    capabilities: params.strings('Capabilities'),
    tags: params.structures('Tags').map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
    changes: [],
  };
  ops.store.changeSets.set(changeSet.changeSetId, changeSet);
  const target = stack;
  setTimeout(() => {
    changeSet.status = 'CREATE_IN_PROGRESS';
    setTimeout(() => finishChangeSet(ops, target, changeSet, existingStack), ops.stepMs);
  }, ops.stepMs).unref();
  return { id: changeSet.changeSetId, stackId: stack.stackId };
}

function finishChangeSet(
  ops: Operations,
  stack: StackRecord,
  changeSet: ChangeSetRecord,
  existing: StackRecord | undefined,
): void {
  try {
    changeSet.changes = computeChanges(ops.store, stack, changeSet.template, changeSet.parameters);
    const unchanged =
      existing !== undefined &&
      changeSet.changes.length === 0 &&
      isDeepStrictEqual(changeSet.template.Outputs ?? {}, existing.template?.Outputs ?? {}) &&
      isDeepStrictEqual(changeSet.parameters, existing.parameters);
    if (unchanged) {
      changeSet.status = 'FAILED';
      changeSet.statusReason =
        "The submitted information didn't contain changes. Submit different information to create a change set.";
      return;
    }
    changeSet.status = 'CREATE_COMPLETE';
    changeSet.executionStatus = 'AVAILABLE';
  } catch (error) {
    changeSet.status = 'FAILED';
    changeSet.statusReason = error instanceof Error ? error.message : String(error);
  }
}

export function executeChangeSet(ops: Operations, params: QueryParams): void {
  const changeSet = ops.store.changeSet(params.get('ChangeSetName') ?? '', params.get('StackName'));
  if (changeSet.status !== 'CREATE_COMPLETE' || changeSet.executionStatus !== 'AVAILABLE') {
    throw new AwsError(
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
    );
  }
  const stack = ops.store.get(changeSet.stackId);
  if (changeSet.type === 'UPDATE') assertUpdatable(stack);
  for (const other of ops.store.changeSets.values()) {
    if (
      other.stackId === stack.stackId &&
      other !== changeSet &&
      other.executionStatus === 'AVAILABLE'
    )
      other.executionStatus = 'OBSOLETE';
  }
  changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
  stack.changeSetId = changeSet.changeSetId;
  stack.templateBody = changeSet.templateBody;
  stack.capabilities = changeSet.capabilities;
  if (params.bool('DisableRollback') === true) stack.disableRollback = true;
  stack.status = changeSet.type === 'CREATE' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
  ops.background(stack, async () => {
    if (changeSet.type === 'CREATE')
      await ops.engine.create(stack, changeSet.template, changeSet.parameters);
    else await ops.engine.update(stack, changeSet.template, changeSet.parameters);
    changeSet.executionStatus =
      /_COMPLETE$/.test(stack.status) && !/ROLLBACK/.test(stack.status)
        ? 'EXECUTE_COMPLETE'
        : 'EXECUTE_FAILED';
  });
}
