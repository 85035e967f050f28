import { AwsError } from '../../server/aws-error';
import { referencedResources } from './intrinsics';
import type { Template } from './model';

/**
 * The resources of a template that exist under its conditions, each with the resources it
 * depends on (DependsOn and implicit Ref / Fn::GetAtt / Fn::Sub references).
 */
export function dependencies(
  template: Template,
  conditions: Record<string, boolean>,
): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Condition !== undefined) {
      const holds = conditions[resource.Condition];
      if (holds === undefined) {
        throw new AwsError(
          'ValidationError',
          `Template format error: Unresolved dependencies [${resource.Condition}]. Cannot reference resources in the Conditions block of the template`,
        );
      }
      if (!holds) continue;
    }
    const needs = referencedResources(resource.Properties ?? {}, template);
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const name of dependsOn) {
      if (template.Resources[name] === undefined) {
        throw new AwsError(
          'ValidationError',
          `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
        );
      }
      needs.add(name);
    }
    needs.delete(logicalId);
    graph.set(logicalId, needs);
  }
  return graph;
}

/** Resources in creation order (dependencies first); a cycle is CloudFormation's error. */
export function creationOrder(graph: Map<string, Set<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const seen = state.get(name);
    if (seen === 'done' || !graph.has(name)) return;
    if (seen === 'visiting') {
      const cycle = path.slice(path.indexOf(name));
      throw new AwsError(
        'ValidationError',
        `Circular dependency between resources: [${cycle.join(', ')}]`,
      );
    }
    state.set(name, 'visiting');
    for (const need of [...(graph.get(name) ?? [])].sort()) visit(need, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of [...graph.keys()].sort()) visit(name, []);
  return order;
}
