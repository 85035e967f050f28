import { el as element, type XmlValue } from '../../server/protocols';
import type {
  ChangeSetRecord,
  ResourceChangeRecord,
  StackEventRecord,
  StackRecord,
  StackResourceRecord,
} from './model';

/** An awsQuery request's form parameters (`Action`, `StackName`, `Parameters.member.1.ParameterKey`...). */
export class QueryParams {
  constructor(private readonly form: URLSearchParams) {}

  get(name: string): string | undefined {
    return this.form.get(name) ?? undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.get(name);
    return value === undefined ? undefined : value === 'true';
  }

  /** `Name.member.N` strings in order. */
  strings(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; this.form.has(`${name}.member.${i}`); i += 1)
      out.push(this.form.get(`${name}.member.${i}`)!);
    return out;
  }

  /** `Name.member.N.Field` structures in order. */
  structures(name: string): Record<string, string>[] {
    const out: Record<string, string>[] = [];
    for (let i = 1; ; i += 1) {
      const prefix = `${name}.member.${i}.`;
      const item: Record<string, string> = {};
      for (const [key, value] of this.form)
        if (key.startsWith(prefix)) item[key.slice(prefix.length)] = value;
      if (Object.keys(item).length === 0) return out;
      out.push(item);
    }
  }
}

/** An element, left out when its value is undefined (the SDK reads an empty element as a value). */
function el(tag: string, children: XmlValue): XmlValue {
  return children === undefined ? undefined : element(tag, children);
}

const members = (items: XmlValue[]): XmlValue[] => items.map((item) => el('member', item));
const time = (date: Date | undefined): string | undefined => date?.toISOString();

export function stackXml(stack: StackRecord): XmlValue[] {
  const parameters = Object.entries(stack.parameters).map(([key, value]) => {
    const noEcho = String(stack.template?.Parameters?.[key]?.NoEcho ?? 'false') === 'true';
    return [el('ParameterKey', key), el('ParameterValue', noEcho ? '****' : value)];
  });
  return [
    el('StackId', stack.stackId),
    el('StackName', stack.name),
    stack.changeSetId === undefined ? undefined : el('ChangeSetId', stack.changeSetId),
    stack.description === undefined ? undefined : el('Description', stack.description),
    el('Parameters', members(parameters)),
    el('CreationTime', time(stack.created)),
    el('DeletionTime', time(stack.deleted)),
    el('LastUpdatedTime', time(stack.lastUpdated)),
    el('StackStatus', stack.status),
    el('StackStatusReason', stack.statusReason),
    el('DisableRollback', stack.disableRollback),
    el('NotificationARNs', []),
    el('Capabilities', members(stack.capabilities)),
    el(
      'Outputs',
      members(
        stack.outputs.map((o) => [
          el('OutputKey', o.key),
          el('OutputValue', o.value),
          el('Description', o.description),
          el('ExportName', o.exportName),
        ]),
      ),
    ),
    el('Tags', members(stack.tags.map((t) => [el('Key', t.Key), el('Value', t.Value)]))),
    el('EnableTerminationProtection', false),
    el('DriftInformation', el('StackDriftStatus', 'NOT_CHECKED')),
  ];
}

export function eventXml(stack: StackRecord, event: StackEventRecord): XmlValue[] {
  return [
    el('StackId', stack.stackId),
    el('EventId', event.eventId),
    el('StackName', stack.name),
    el('LogicalResourceId', event.logicalId),
    el('PhysicalResourceId', event.physicalId),
    el('ResourceType', event.type),
    el('Timestamp', time(event.timestamp)),
    el('ResourceStatus', event.status),
    el('ResourceStatusReason', event.reason),
    el('ResourceProperties', event.properties),
  ];
}

export function resourceXml(stack: StackRecord, resource: StackResourceRecord): XmlValue[] {
  return [
    el('StackId', stack.stackId),
    el('StackName', stack.name),
    el('LogicalResourceId', resource.logicalId),
    el('PhysicalResourceId', resource.physicalId),
    el('ResourceType', resource.type),
    el('Timestamp', time(resource.updated)),
    el('ResourceStatus', resource.status),
    el('ResourceStatusReason', resource.statusReason),
    el('DriftInformation', el('StackResourceDriftStatus', 'NOT_CHECKED')),
  ];
}

function changeXml(change: ResourceChangeRecord, changeSetId: string): XmlValue[] {
  const details = change.details.map((d) => [
    el('Target', [
      el('Attribute', 'Properties'),
      el('Name', d.name),
      el('RequiresRecreation', d.requiresRecreation),
    ]),
    el('Evaluation', d.evaluation),
    el('ChangeSource', d.changeSource),
    el('CausingEntity', d.causingEntity),
  ]);
  return [
    el('Type', 'Resource'),
    el('HookInvocationCount', 0),
    el('ResourceChange', [
      el('Action', change.action),
      el('LogicalResourceId', change.logicalId),
      el('PhysicalResourceId', change.physicalId),
      el('ResourceType', change.type),
      el('Replacement', change.replacement),
      el('Scope', members(change.scope)),
      el('Details', members(details)),
      el('ChangeSetId', changeSetId),
    ]),
  ];
}

export function changeSetXml(changeSet: ChangeSetRecord): XmlValue[] {
  return [
    el('ChangeSetName', changeSet.name),
    el('ChangeSetId', changeSet.changeSetId),
    el('StackId', changeSet.stackId),
    el('StackName', changeSet.stackName),
    el('Description', changeSet.description),
    el(
      'Parameters',
      members(
        Object.entries(changeSet.parameters).map(([k, v]) => [
          el('ParameterKey', k),
          el('ParameterValue', v),
        ]),
      ),
    ),
    el('CreationTime', time(changeSet.created)),
    el('ExecutionStatus', changeSet.executionStatus),
    el('Status', changeSet.status),
    el('StatusReason', changeSet.statusReason),
    el('NotificationARNs', []),
    el('Capabilities', members(changeSet.capabilities)),
    el('Tags', members(changeSet.tags.map((t) => [el('Key', t.Key), el('Value', t.Value)]))),
    el('Changes', members(changeSet.changes.map((c) => changeXml(c, changeSet.changeSetId)))),
    el('IncludeNestedStacks', false),
  ];
}

export function changeSetSummaryXml(changeSet: ChangeSetRecord): XmlValue[] {
  return [
    el('StackId', changeSet.stackId),
    el('StackName', changeSet.stackName),
    el('ChangeSetId', changeSet.changeSetId),
    el('ChangeSetName', changeSet.name),
    el('ExecutionStatus', changeSet.executionStatus),
    el('Status', changeSet.status),
    el('StatusReason', changeSet.statusReason),
    el('CreationTime', time(changeSet.created)),
    el('Description', changeSet.description),
  ];
}

export { members };
