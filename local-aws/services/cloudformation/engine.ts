import { isDeepStrictEqual } from 'node:util';
import { resolveDynamicReferences } from './dynamic-references';
import { currentValues, outputs, plan, resourceProperties, type Plan } from './evaluation';
import type { StackRecord, StackResourceRecord, Template } from './model';
import type { Clients } from './providers/clients';
import { providerFor } from './providers';
import { ResourceFailure, type ProviderContext, type ResourceProvider } from './providers/provider';
import { addEvent, setStackStatus, type StackStore } from './stacks';

export interface EngineOptions {
  store: StackStore;
  clients: () => Clients;
  /** Pause between steps, so operations are seen in progress (`cloudformation.step` ms). */
  stepMs: number;
}

/** The reason CloudFormation gives when a resource handler fails. */
export function failureReason(error: unknown): string {
  if (error instanceof ResourceFailure) return error.message;
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string };
    $fault?: string;
  };
  if (e.$metadata !== undefined) {
    return `Resource handler returned message: "${e.message ?? e.name ?? 'error'} (Status Code: ${e.$metadata.httpStatusCode ?? 400}, Request ID: ${e.$metadata.requestId ?? ''})" (HandlerErrorCode: ${e.name === 'AlreadyExistsException' || /AlreadyExists|ResourceExists/.test(e.name ?? '') ? 'AlreadyExists' : e.$fault === 'server' ? 'ServiceInternalError' : 'InvalidRequest'})`;
  }
  return `Internal Failure: ${error instanceof Error ? error.message : String(error)}`;
}

/** The custom name a replacement would reuse (AWS refuses to replace a resource under the same name). */
function customName(
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string | undefined {
  const key = providerFor(type)?.replaceOn.find(
    (k) => /(Name|Identifier)$/.test(k) && after[k] !== undefined,
  );
  return key !== undefined && isDeepStrictEqual(before[key], after[key])
    ? String(after[key])
    : undefined;
}

export class StackEngine {
  constructor(private readonly options: EngineOptions) {}

  private stopped = false;

  /** Ends the waits of operations still running (the stack is stopping). */
  stop(): void {
    this.stopped = true;
  }

  private sleep = (ms = this.options.stepMs): Promise<void> =>
    this.stopped
      ? Promise.reject(new Error('the local stack is stopping'))
      : new Promise((resolve) => setTimeout(resolve, ms));

  private providerContext(stack: StackRecord, logicalId: string): ProviderContext {
    return {
      region: this.options.store.region,
      accountId: this.options.store.accountId,
      stackName: stack.name,
      logicalId,
      clients: this.options.clients(),
      stackResource: (physicalId) =>
        [...stack.resources.values()].find((r) => r.physicalId === physicalId),
      sleep: (ms) => this.sleep(ms),
    };
  }

  private provider(type: string): ResourceProvider {
    const provider = providerFor(type);
    if (provider === undefined) {
      throw new ResourceFailure(
        `Resource type ${type} is not supported by the local stack (see local-aws/README.md)`,
      );
    }
    return provider;
  }

  private async createResource(
    stack: StackRecord,
    p: Plan,
    logicalId: string,
    status: 'CREATE' | 'UPDATE',
  ): Promise<StackResourceRecord> {
    const declared = p.template.Resources[logicalId]!;
    const base = { logicalId, type: declared.Type };
    // A replacement has announced itself with the old physical id already.
    if (status === 'CREATE') addEvent(stack, { ...base, status: 'CREATE_IN_PROGRESS' });
    await this.sleep();
    const properties = resourceProperties(p, logicalId);
    const context = this.providerContext(stack, logicalId);
    const resolved = (await resolveDynamicReferences(properties, context.clients)) as Record<
      string,
      unknown
    >;
    const created = await this.provider(declared.Type).create(resolved, context);
    addEvent(stack, {
      ...base,
      physicalId: created.physicalId,
      status: `${status}_IN_PROGRESS`,
      reason: 'Resource creation Initiated',
      properties,
    });
    const record: StackResourceRecord = {
      ...base,
      physicalId: created.physicalId,
      properties,
      attributes: created.attributes,
      status: `${status}_COMPLETE`,
      updated: new Date(),
      ...(declared.DeletionPolicy === undefined ? {} : { deletionPolicy: declared.DeletionPolicy }),
      ...(declared.UpdateReplacePolicy === undefined
        ? {}
        : { updateReplacePolicy: declared.UpdateReplacePolicy }),
    };
    addEvent(stack, {
      ...base,
      physicalId: created.physicalId,
      status: `${status}_COMPLETE`,
      properties,
    });
    return record;
  }

  private async deleteResource(
    stack: StackRecord,
    record: StackResourceRecord,
    policy = record.deletionPolicy,
  ): Promise<void> {
    const base = { logicalId: record.logicalId, physicalId: record.physicalId, type: record.type };
    if (policy === 'Retain' || policy === 'RetainExceptOnCreate') {
      addEvent(stack, { ...base, status: 'DELETE_SKIPPED' });
      return;
    }
    addEvent(stack, { ...base, status: 'DELETE_IN_PROGRESS' });
    await this.sleep();
    if (record.physicalId !== '') {
      const provider = providerFor(record.type);
      await provider?.delete(
        record.physicalId,
        record.properties,
        this.providerContext(stack, record.logicalId),
      );
    }
    addEvent(stack, { ...base, status: 'DELETE_COMPLETE' });
  }

  /** CreateStack / ExecuteChangeSet (CREATE): create in dependency order, roll back on failure. */
  async create(
    stack: StackRecord,
    template: Template,
    parameters: Record<string, string>,
  ): Promise<void> {
    setStackStatus(stack, 'CREATE_IN_PROGRESS', 'User Initiated');
    stack.template = template;
    stack.parameters = parameters;
    const p = plan(this.options.store, stack, template, parameters, currentValues(stack));
    for (const logicalId of p.order) {
      try {
        stack.resources.set(logicalId, await this.createResource(stack, p, logicalId, 'CREATE'));
      } catch (error) {
        const reason = failureReason(error);
        addEvent(stack, {
          logicalId,
          type: template.Resources[logicalId]!.Type,
          status: 'CREATE_FAILED',
          reason,
        });
        if (stack.disableRollback) {
          setStackStatus(
            stack,
            'CREATE_FAILED',
            `The following resource(s) failed to create: [${logicalId}]. `,
          );
          return;
        }
        setStackStatus(
          stack,
          'ROLLBACK_IN_PROGRESS',
          `The following resource(s) failed to create: [${logicalId}]. Rollback requested by user.`,
        );
        const created = [...stack.resources.values()].reverse();
        const stuck = await this.deleteAll(stack, created, true);
        addEvent(stack, {
          logicalId,
          type: template.Resources[logicalId]!.Type,
          status: 'DELETE_COMPLETE',
        });
        if (stuck.length > 0) {
          setStackStatus(
            stack,
            'ROLLBACK_FAILED',
            `The following resource(s) failed to delete: [${stuck.join(', ')}]. `,
          );
          return;
        }
        stack.resources.clear();
        setStackStatus(stack, 'ROLLBACK_COMPLETE');
        return;
      }
    }
    stack.outputs = outputs(
      plan(this.options.store, stack, template, parameters, currentValues(stack)),
    );
    await this.sleep();
    setStackStatus(stack, 'CREATE_COMPLETE');
  }

  private async deleteAll(
    stack: StackRecord,
    records: StackResourceRecord[],
    ignorePolicy = false,
  ): Promise<string[]> {
    const failed: string[] = [];
    for (const record of records) {
      try {
        await this.deleteResource(stack, record, ignorePolicy ? undefined : record.deletionPolicy);
        stack.resources.delete(record.logicalId);
      } catch (error) {
        failed.push(record.logicalId);
        addEvent(stack, {
          logicalId: record.logicalId,
          physicalId: record.physicalId,
          type: record.type,
          status: 'DELETE_FAILED',
          reason: failureReason(error),
        });
        record.status = 'DELETE_FAILED';
      }
    }
    return failed;
  }

  /** DeleteStack: delete in reverse dependency order; a failure leaves DELETE_FAILED. */
  async delete(stack: StackRecord): Promise<void> {
    setStackStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
    await this.sleep();
    const failed = await this.deleteAll(stack, this.deletionOrder(stack));
    if (failed.length > 0) {
      setStackStatus(
        stack,
        'DELETE_FAILED',
        `The following resource(s) failed to delete: [${failed.join(', ')}]. `,
      );
      return;
    }
    stack.deleted = new Date();
    setStackStatus(stack, 'DELETE_COMPLETE');
  }

  private deletionOrder(stack: StackRecord): StackResourceRecord[] {
    const records = [...stack.resources.values()];
    if (stack.template === undefined) return records.reverse();
    try {
      const p = plan(
        this.options.store,
        stack,
        stack.template,
        stack.parameters,
        currentValues(stack),
      );
      const ordered = p.order.map((id) => stack.resources.get(id)).filter((r) => r !== undefined);
      const rest = records.filter((r) => !ordered.includes(r));
      return [...ordered, ...rest].reverse();
    } catch {
      return records.reverse();
    }
  }

  /**
   * UpdateStack / ExecuteChangeSet (UPDATE): add, modify or replace in dependency order; old
   * physical resources of replacements and removed resources are deleted in the cleanup phase.
   * A failure rolls back to the previous template (UPDATE_ROLLBACK_COMPLETE).
   */
  async update(
    stack: StackRecord,
    template: Template,
    parameters: Record<string, string>,
  ): Promise<void> {
    setStackStatus(stack, 'UPDATE_IN_PROGRESS', 'User Initiated');
    stack.lastUpdated = new Date();
    const previous = {
      template: stack.template!,
      parameters: stack.parameters,
      resources: new Map(stack.resources),
      outputs: stack.outputs,
    };
    const p = plan(this.options.store, stack, template, parameters, currentValues(stack));
    const superseded: StackResourceRecord[] = [];
    const added: StackResourceRecord[] = [];
    const modified: StackResourceRecord[] = [];
    let failed: { logicalId: string; action: string } | undefined;
    for (const logicalId of p.order) {
      const old = stack.resources.get(logicalId);
      try {
        if (old === undefined) {
          const record = await this.createResource(stack, p, logicalId, 'CREATE');
          stack.resources.set(logicalId, record);
          added.push(record);
          continue;
        }
        const properties = resourceProperties(p, logicalId);
        if (isDeepStrictEqual(properties, old.properties)) continue;
        if (StackEngine.replaces(old.type, old.properties, properties)) {
          const named = customName(old.type, old.properties, properties);
          if (named !== undefined) {
            throw new ResourceFailure(
              `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${named} and update the stack again.`,
            );
          }
          addEvent(stack, {
            logicalId,
            physicalId: old.physicalId,
            type: old.type,
            status: 'UPDATE_IN_PROGRESS',
            reason:
              'Requested update requires the creation of a new physical resource; hence creating one.',
          });
          const record = await this.createResource(stack, p, logicalId, 'UPDATE');
          stack.resources.set(logicalId, record);
          superseded.push(old);
          added.push(record);
          continue;
        }
        await this.updateInPlace(stack, old, properties);
        modified.push(old);
      } catch (error) {
        failed = { logicalId, action: old === undefined ? 'create' : 'update' };
        const type = template.Resources[logicalId]!.Type;
        addEvent(stack, {
          logicalId,
          physicalId: old?.physicalId ?? '',
          type,
          status: old === undefined ? 'CREATE_FAILED' : 'UPDATE_FAILED',
          reason: failureReason(error),
        });
        break;
      }
    }
    if (failed === undefined) {
      stack.template = template;
      stack.parameters = parameters;
      stack.outputs = outputs(
        plan(this.options.store, stack, template, parameters, currentValues(stack)),
      );
      setStackStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      const removed = [...previous.resources.values()].filter((r) => !p.graph.has(r.logicalId));
      for (const record of removed) stack.resources.delete(record.logicalId);
      const keep = new Map(stack.resources);
      await this.deleteAll(stack, [
        ...superseded.reverse().map((r) => ({ ...r, deletionPolicy: r.updateReplacePolicy })),
        ...removed.reverse(),
      ] as StackResourceRecord[]);
      stack.resources = keep;
      setStackStatus(stack, 'UPDATE_COMPLETE');
      return;
    }
    setStackStatus(
      stack,
      'UPDATE_ROLLBACK_IN_PROGRESS',
      `The following resource(s) failed to ${failed.action}: [${failed.logicalId}]. `,
    );
    for (const old of modified.reverse()) {
      const current = stack.resources.get(old.logicalId)!;
      await this.updateInPlace(
        stack,
        current,
        previous.resources.get(old.logicalId)!.properties,
      ).catch(() => undefined);
    }
    for (const old of superseded) {
      addEvent(stack, {
        logicalId: old.logicalId,
        physicalId: old.physicalId,
        type: old.type,
        status: 'UPDATE_COMPLETE',
      });
    }
    stack.resources = new Map(previous.resources);
    stack.template = previous.template;
    stack.parameters = previous.parameters;
    stack.outputs = previous.outputs;
    setStackStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    const keep = new Map(stack.resources);
    await this.deleteAll(stack, added.reverse(), true);
    stack.resources = keep;
    setStackStatus(stack, 'UPDATE_ROLLBACK_COMPLETE');
  }

  private async updateInPlace(
    stack: StackRecord,
    record: StackResourceRecord,
    properties: Record<string, unknown>,
  ): Promise<void> {
    const base = { logicalId: record.logicalId, physicalId: record.physicalId, type: record.type };
    addEvent(stack, { ...base, status: 'UPDATE_IN_PROGRESS' });
    await this.sleep();
    const provider = this.provider(record.type);
    const context = this.providerContext(stack, record.logicalId);
    const resolved = (await resolveDynamicReferences(properties, context.clients)) as Record<
      string,
      unknown
    >;
    const before = (await resolveDynamicReferences(record.properties, context.clients)) as Record<
      string,
      unknown
    >;
    const attributes = await provider.update?.(record.physicalId, resolved, before, context);
    const updated: StackResourceRecord = {
      ...record,
      properties,
      attributes: attributes ?? record.attributes,
      status: 'UPDATE_COMPLETE',
      updated: new Date(),
    };
    stack.resources.set(record.logicalId, updated);
    addEvent(stack, { ...base, status: 'UPDATE_COMPLETE', properties });
  }

  /** Whether changing these properties replaces the resource (AWS's "Update requires"). */
  static replaces(
    type: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): boolean {
    const provider = providerFor(type);
    if (provider === undefined) return false;
    return provider.replaceOn.some((key) => !isDeepStrictEqual(before[key], after[key]));
  }
}
