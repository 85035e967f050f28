import { isDeepStrictEqual } from 'node:util';
import { currentValues, plan, resourceProperties } from './evaluation';
import { findUnresolved, type ResourceValues } from './intrinsics';
import type { ResourceChangeRecord, StackRecord, Template } from './model';
import { providerFor } from './providers';
import type { StackStore } from './stacks';

/**
 * The changes a change set would make to a stack: Add, Modify (with Replacement True, False or
 * Conditional, and one detail per changed property) and Remove, as DescribeChangeSet lists them.
 */
export function computeChanges(
  store: StackStore,
  stack: StackRecord,
  template: Template,
  parameters: Record<string, string>,
): ResourceChangeRecord[] {
  const replaced = new Set<string>();
  const existing = currentValues(stack);
  // A resource being replaced gets a new physical id: what refers to it changes dynamically.
  const values = (logicalId: string): ResourceValues | undefined =>
    replaced.has(logicalId) ? undefined : existing(logicalId);
  const p = plan(store, stack, template, parameters, values);
  const changes: ResourceChangeRecord[] = [];
  for (const logicalId of p.order) {
    const type = template.Resources[logicalId]!.Type;
    const old = stack.resources.get(logicalId);
    if (old === undefined) {
      replaced.add(logicalId);
      changes.push({ action: 'Add', logicalId, type, scope: [], details: [] });
      continue;
    }
    const after = resourceProperties(p, logicalId);
    const keys = new Set([...Object.keys(old.properties), ...Object.keys(after)]);
    const provider = providerFor(type);
    const details: ResourceChangeRecord['details'] = [];
    for (const key of [...keys].sort()) {
      if (isDeepStrictEqual(old.properties[key], after[key])) continue;
      const unresolved = findUnresolved(after[key]);
      const always = provider?.replaceOn.includes(key) === true;
      const conditional = provider?.conditionalOn?.includes(key) === true;
      const paramRef = parameterCause(template.Resources[logicalId]!.Properties?.[key], template);
      details.push({
        name: key,
        requiresRecreation: always ? 'Always' : conditional ? 'Conditionally' : 'Never',
        evaluation: unresolved === undefined ? 'Static' : 'Dynamic',
        changeSource:
          unresolved !== undefined
            ? 'ResourceReference'
            : paramRef !== undefined
              ? 'ParameterReference'
              : 'DirectModification',
        ...(unresolved !== undefined
          ? { causingEntity: unresolved.source.replace(/^Ref /, '') }
          : paramRef !== undefined
            ? { causingEntity: paramRef }
            : {}),
      });
    }
    if (details.length === 0) continue;
    const replacement = details.some(
      (d) => d.requiresRecreation === 'Always' && d.evaluation === 'Static',
    )
      ? 'True'
      : details.some((d) => d.requiresRecreation !== 'Never')
        ? 'Conditional'
        : 'False';
    if (replacement !== 'False') replaced.add(logicalId);
    changes.push({
      action: 'Modify',
      logicalId,
      physicalId: old.physicalId,
      type,
      replacement,
      scope: ['Properties'],
      details,
    });
  }
  for (const [logicalId, old] of stack.resources) {
    if (!p.graph.has(logicalId)) {
      changes.push({
        action: 'Remove',
        logicalId,
        physicalId: old.physicalId,
        type: old.type,
        scope: [],
        details: [],
      });
    }
  }
  return changes;
}

/** The parameter a property's value comes from, when it is a plain `Ref` to one. */
function parameterCause(value: unknown, template: Template): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const name = (value as Record<string, unknown>).Ref;
  return typeof name === 'string' && template.Parameters?.[name] !== undefined ? name : undefined;
}
