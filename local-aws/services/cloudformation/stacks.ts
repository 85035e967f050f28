import { randomUUID } from 'node:crypto';
import { AwsError } from '../../server/aws-error';
import type { ChangeSetRecord, ResourceStatus, StackRecord, StackStatus } from './model';

/** The stacks and change sets of one region, as DescribeStacks and friends see them. */
export class StackStore {
  readonly stacks = new Map<string, StackRecord>();
  readonly changeSets = new Map<string, ChangeSetRecord>();

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  newStackId(name: string): string {
    return `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${name}/${randomUUID()}`;
  }

  newChangeSetId(name: string): string {
    return `arn:aws:cloudformation:${this.region}:${this.accountId}:changeSet/${name}/${randomUUID()}`;
  }

  /** The live stack of that name, or the stack (deleted or not) of that id. */
  find(nameOrId: string): StackRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.get(nameOrId);
    return [...this.stacks.values()].find(
      (s) => s.name === nameOrId && s.status !== 'DELETE_COMPLETE',
    );
  }

  get(nameOrId: string): StackRecord {
    const stack = this.find(nameOrId);
    if (stack === undefined)
      throw new AwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  changeSet(nameOrId: string, stackName?: string): ChangeSetRecord {
    const found = nameOrId.startsWith('arn:')
      ? this.changeSets.get(nameOrId)
      : [...this.changeSets.values()].find((c) => {
          if (c.name !== nameOrId) return false;
          const stack = stackName === undefined ? undefined : this.find(stackName);
          return stack !== undefined && c.stackId === stack.stackId;
        });
    if (found === undefined || found.status === 'DELETE_COMPLETE') {
      throw new AwsError('ChangeSetNotFound', `ChangeSet [${nameOrId}] does not exist`, 404);
    }
    return found;
  }

  /** Exports of every live stack: name -> value (Fn::ImportValue). */
  exports(): Map<string, { value: string; stackId: string }> {
    const out = new Map<string, { value: string; stackId: string }>();
    for (const stack of this.stacks.values()) {
      if (stack.status === 'DELETE_COMPLETE') continue;
      for (const output of stack.outputs) {
        if (output.exportName !== undefined)
          out.set(output.exportName, { value: output.value, stackId: stack.stackId });
      }
    }
    return out;
  }
}

/** Appends an event (newest last; DescribeStackEvents answers newest first). */
export function addEvent(
  stack: StackRecord,
  event: {
    logicalId: string;
    physicalId?: string;
    type: string;
    status: ResourceStatus | StackStatus;
    reason?: string;
    properties?: Record<string, unknown>;
  },
): void {
  stack.events.push({
    eventId: `${event.logicalId}-${event.status}-${new Date().toISOString()}-${randomUUID().slice(0, 8)}`,
    logicalId: event.logicalId,
    physicalId: event.physicalId ?? '',
    type: event.type,
    timestamp: new Date(),
    status: event.status,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    ...(event.properties === undefined ? {} : { properties: JSON.stringify(event.properties) }),
  });
}

/** Sets the stack's status and records it as an event of the stack itself. */
export function setStackStatus(stack: StackRecord, status: StackStatus, reason?: string): void {
  stack.status = status;
  if (reason === undefined) delete stack.statusReason;
  else stack.statusReason = reason;
  addEvent(stack, {
    logicalId: stack.name,
    physicalId: stack.stackId,
    type: 'AWS::CloudFormation::Stack',
    status,
    ...(reason === undefined ? {} : { reason }),
  });
}

const IN_PROGRESS = /_IN_PROGRESS$/;

export function assertUpdatable(stack: StackRecord): void {
  if (
    IN_PROGRESS.test(stack.status) ||
    [
      'ROLLBACK_COMPLETE',
      'ROLLBACK_FAILED',
      'CREATE_FAILED',
      'DELETE_FAILED',
      'UPDATE_ROLLBACK_FAILED',
    ].includes(stack.status)
  ) {
    throw new AwsError(
      'ValidationError',
      `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`,
    );
  }
}
