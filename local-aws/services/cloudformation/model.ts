import { randomBytes } from 'node:crypto';

/** A template as parsed (JSON or YAML with CloudFormation's short-form tags). */
export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters?: Record<string, TemplateParameter>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
  [key: string]: unknown;
}

export interface TemplateParameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  NoEcho?: boolean | string;
  Description?: string;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
}

export interface TemplateOutput {
  Value: unknown;
  Description?: string;
  Condition?: string;
  Export?: { Name: unknown };
}

/** Resource statuses, exactly CloudFormation's (enum ResourceStatus). */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_SKIPPED';

/** Stack statuses, exactly CloudFormation's (enum StackStatus). */
export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

/** One resource as the stack holds it after an operation. */
export interface StackResourceRecord {
  logicalId: string;
  type: string;
  physicalId: string;
  /** Resolved properties the resource was created or last updated with. */
  properties: Record<string, unknown>;
  /** Values for Fn::GetAtt, by attribute name. */
  attributes: Record<string, unknown>;
  status: ResourceStatus;
  statusReason?: string;
  updated: Date;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
}

export interface StackEventRecord {
  eventId: string;
  logicalId: string;
  physicalId: string;
  type: string;
  timestamp: Date;
  status: ResourceStatus | StackStatus;
  reason?: string;
  properties?: string;
}

export interface StackOutputRecord {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export interface StackRecord {
  stackId: string;
  name: string;
  description?: string;
  status: StackStatus;
  statusReason?: string;
  created: Date;
  lastUpdated?: Date;
  deleted?: Date;
  template?: Template;
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  resources: Map<string, StackResourceRecord>;
  outputs: StackOutputRecord[];
  events: StackEventRecord[];
  disableRollback: boolean;
  changeSetId?: string;
}

export type ChangeAction = 'Add' | 'Modify' | 'Remove';
export type Replacement = 'True' | 'False' | 'Conditional';

export interface ResourceChangeRecord {
  action: ChangeAction;
  logicalId: string;
  physicalId?: string;
  type: string;
  replacement?: Replacement;
  scope: string[];
  details: {
    name: string;
    requiresRecreation: 'Never' | 'Conditionally' | 'Always';
    evaluation: 'Static' | 'Dynamic';
    changeSource: 'DirectModification' | 'ResourceReference' | 'ParameterReference';
    causingEntity?: string;
  }[];
}

export interface ChangeSetRecord {
  changeSetId: string;
  name: string;
  stackId: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  description?: string;
  status:
    'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';
  statusReason?: string;
  executionStatus:
    | 'UNAVAILABLE'
    | 'AVAILABLE'
    | 'EXECUTE_IN_PROGRESS'
    | 'EXECUTE_COMPLETE'
    | 'EXECUTE_FAILED'
    | 'OBSOLETE';
  created: Date;
  template: Template;
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  changes: ResourceChangeRecord[];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Random characters from an alphabet (physical-name suffixes, ids). */
export function randomId(length: number, alphabet = UPPER): string {
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/**
 * The name CloudFormation gives a resource without an explicit name:
 * `<stack>-<logical id>-<13 random characters>`, cut to the type's maximum length.
 */
export function physicalName(
  stackName: string,
  logicalId: string,
  options: { maxLength?: number; lowerCase?: boolean } = {},
): string {
  const suffix = randomId(13);
  const max = options.maxLength ?? 128;
  const room = Math.max(max - suffix.length - 2, 2);
  let head = `${stackName}-${logicalId}`;
  if (head.length > room) {
    const stackPart = stackName.slice(0, Math.ceil(room / 2));
    head = `${stackPart}-${logicalId.slice(0, room - stackPart.length - 1)}`;
  }
  const name = `${head}-${suffix}`;
  return options.lowerCase === true ? name.toLowerCase() : name;
}
