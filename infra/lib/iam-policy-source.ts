import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

// The deploy roles' permissions come from iam/policies/*.json, the one source of truth that
// test/unit/iam keeps in step with the actions' code. A stack names the policy file, the
// statements (by Sid) of the features it uses, and the value of each upper-case placeholder;
// everything else (actions, conditions, resource shapes) is copied as written.

export const POLICY_DIR = path.resolve(__dirname, '..', '..', 'iam', 'policies');

export type PolicyFile =
  | 'build-push-ecr'
  | 'deploy'
  | 'deploy-apprunner'
  | 'deploy-ecs'
  | 'invalidate-cdn'
  | 'run-migrations'
  | 'sync-spa-s3';

export interface PolicyJsonStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyJson {
  Version: string;
  Statement: PolicyJsonStatement[];
}

export function loadPolicy(file: PolicyFile): PolicyJson {
  return JSON.parse(readFileSync(path.join(POLICY_DIR, `${file}.json`), 'utf8')) as PolicyJson;
}

/** The upper-case placeholder words in a policy string (REGION, ACCOUNT_ID, BUCKET, ...). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/(?<![A-Za-z0-9])[A-Z][A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9])/g)].map(
    (match) => match[0],
  );
}

export interface PolicySelection {
  /** The file under iam/policies/ (without .json). */
  readonly file: PolicyFile;
  /** The statements (Sids) this stack uses; the others are features it does not use. */
  readonly statements: readonly string[];
  /**
   * A value for each placeholder the chosen statements name (REGION and ACCOUNT_ID are the
   * stack's). A list expands the resource into one ARN per value; an empty list drops the
   * resources that name it (a role the stack does not have).
   */
  readonly values: Readonly<Record<string, string | readonly string[]>>;
}

/** Renders the chosen statements with this stack's values. Throws naming what is missing. */
export function renderPolicy(selection: PolicySelection, prop: string): iam.PolicyStatement[] {
  const policy = loadPolicy(selection.file);
  const values: Record<string, string | readonly string[]> = {
    REGION: Aws.REGION,
    ACCOUNT_ID: Aws.ACCOUNT_ID,
    ...selection.values,
  };
  const bySid = new Map(policy.Statement.map((statement) => [statement.Sid, statement]));
  const unknown = selection.statements.filter((sid) => !bySid.has(sid));
  if (unknown.length > 0)
    throw new Error(
      `${prop}.statements: ${unknown.join(', ')} not in iam/policies/${selection.file}.json ` +
        `(it has ${[...bySid.keys()].join(', ')})`,
    );
  return selection.statements.map((sid) => {
    const statement = bySid.get(sid)!;
    const expand = (text: string): string[] => {
      let results = [text];
      for (const name of new Set(placeholdersIn(text))) {
        const value = values[name];
        if (value === undefined)
          throw new Error(
            `${prop}.values.${name}: statement ${sid} of iam/policies/${selection.file}.json needs it`,
          );
        const list = typeof value === 'string' ? [value] : [...value];
        results = results.flatMap((result) =>
          list.map((one) =>
            result.replace(new RegExp(`(?<![A-Za-z0-9])${name}(?![A-Za-z0-9])`, 'g'), one),
          ),
        );
      }
      return results;
    };
    const resources = (
      Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]
    ).flatMap(expand);
    if (resources.length === 0)
      throw new Error(
        `${prop}.values: statement ${sid} is left without a resource; leave it out of statements`,
      );
    const conditions = statement.Condition
      ? Object.fromEntries(
          Object.entries(statement.Condition).map(([operator, entries]) => [
            operator,
            Object.fromEntries(
              Object.entries(entries).map(([key, value]) => {
                const expanded = (Array.isArray(value) ? value : [value]).flatMap(expand);
                return [key, Array.isArray(value) || expanded.length > 1 ? expanded : expanded[0]];
              }),
            ),
          ]),
        )
      : undefined;
    return new iam.PolicyStatement({
      sid: statement.Sid,
      effect: statement.Effect === 'Allow' ? iam.Effect.ALLOW : iam.Effect.DENY,
      actions: statement.Action,
      resources,
      ...(conditions ? { conditions } : {}),
    });
  });
}
