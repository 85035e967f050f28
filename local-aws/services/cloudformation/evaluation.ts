import { AwsError } from '../../server/aws-error';
import { creationOrder, dependencies } from './graph';
import {
  evaluate,
  evaluateConditions,
  findUnresolved,
  type EvalContext,
  type ResourceValues,
} from './intrinsics';
import type { StackOutputRecord, StackRecord, Template } from './model';
import type { StackStore } from './stacks';

/** A template with its parameters, conditions and resource order worked out for one stack. */
export interface Plan {
  template: Template;
  parameters: Record<string, string>;
  ctx: EvalContext;
  graph: Map<string, Set<string>>;
  order: string[];
}

export function plan(
  store: StackStore,
  stack: Pick<StackRecord, 'name' | 'stackId'>,
  template: Template,
  parameters: Record<string, string>,
  resource: (logicalId: string) => ResourceValues | undefined,
): Plan {
  const ctx: EvalContext = {
    template,
    stackName: stack.name,
    stackId: stack.stackId,
    region: store.region,
    accountId: store.accountId,
    parameters,
    conditions: {},
    resource,
    importValue: (name) => store.exports().get(name)?.value,
  };
  ctx.conditions = evaluateConditions(ctx);
  const graph = dependencies(template, ctx.conditions);
  return { template, parameters, ctx, graph, order: creationOrder(graph) };
}

export function resourceProperties(p: Plan, logicalId: string): Record<string, unknown> {
  return evaluate(p.template.Resources[logicalId]?.Properties ?? {}, p.ctx) as Record<
    string,
    unknown
  >;
}

/**
 * Checks what CloudFormation checks before it starts: every reference and function resolves
 * (resources not created yet count as unknown values).
 */
export function validatePlan(p: Plan): void {
  for (const logicalId of p.order) resourceProperties(p, logicalId);
  outputs(p, true);
}

export function outputs(p: Plan, dryRun = false): StackOutputRecord[] {
  const out: StackOutputRecord[] = [];
  for (const [key, output] of Object.entries(p.template.Outputs ?? {})) {
    if (output.Condition !== undefined && p.ctx.conditions[output.Condition] !== true) continue;
    const value = evaluate(output.Value, p.ctx);
    const exportName =
      output.Export === undefined ? undefined : evaluate(output.Export.Name, p.ctx);
    if (dryRun) continue;
    if (findUnresolved(value) !== undefined) {
      throw new AwsError('ValidationError', `Template error: output ${key} could not be resolved`);
    }
    out.push({
      key,
      value: Array.isArray(value) ? value.join(',') : String(value),
      ...(output.Description === undefined ? {} : { description: String(output.Description) }),
      ...(exportName === undefined ? {} : { exportName: String(exportName) }),
    });
  }
  return out;
}

/** Resource values of a stack's current resources, for Ref and Fn::GetAtt. */
export function currentValues(
  stack: StackRecord,
): (logicalId: string) => ResourceValues | undefined {
  return (logicalId) => {
    const record = stack.resources.get(logicalId);
    return record === undefined || record.physicalId === '' ? undefined : record;
  };
}
