import type { Clients } from './clients';

export interface ProviderContext {
  region: string;
  accountId: string;
  stackName: string;
  logicalId: string;
  clients: Clients;
  /** Another resource of the same stack, by physical id (e.g. an attachment's target). */
  stackResource(physicalId: string): StackResourceView | undefined;
  /** Polls (e.g. for a distribution to deploy) without busy-waiting. */
  sleep(ms: number): Promise<void>;
}

export interface StackResourceView {
  type: string;
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

export interface Created {
  physicalId: string;
  /** Values for Fn::GetAtt. */
  attributes: Record<string, unknown>;
}

/** How one resource type is created, updated and deleted in the local stack. */
export interface ResourceProvider {
  /** Properties whose change replaces the resource (AWS documents "Update requires: Replacement"). */
  replaceOn: readonly string[];
  /** Properties whose change may replace it, depending on the values (Replacement Conditional). */
  conditionalOn?: readonly string[];
  create(props: Record<string, unknown>, ctx: ProviderContext): Promise<Created>;
  /** Applies changed properties in place; without it, the new properties are only recorded. */
  update?(
    physicalId: string,
    props: Record<string, unknown>,
    previous: Record<string, unknown>,
    ctx: ProviderContext,
  ): Promise<Record<string, unknown> | undefined>;
  delete(physicalId: string, props: Record<string, unknown>, ctx: ProviderContext): Promise<void>;
}

/** A CloudFormation resource failure: its message becomes the event's ResourceStatusReason. */
export class ResourceFailure extends Error {}

export const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);

/** CloudFormation's ECS / Logs properties are PascalCase, their APIs camelCase. */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name =
      /^[A-Z]/.test(key) && !/^[A-Z0-9_]+$/.test(key) ? key[0]!.toLowerCase() + key.slice(1) : key;
    out[name] = camelKeys(item);
  }
  return out;
}

/** Tags as the APIs take them, from CloudFormation's `[{Key, Value}]`. */
export function tagList(value: unknown): { Key: string; Value: string }[] {
  return Array.isArray(value)
    ? (value as { Key: unknown; Value: unknown }[]).map((t) => ({
        Key: String(t.Key),
        Value: String(t.Value),
      }))
    : [];
}
