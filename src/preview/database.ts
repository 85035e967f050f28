import * as core from '@actions/core';
import { connectWithRetry } from '../database/connect';
import { connectionUrl, describeTarget, type DatabaseConfig } from '../database/connection';
import { readMigrationFiles } from '../database/migration-files';
import { maskSecret } from '../core/mask';
import type { ConnectionInputs, RunMigrationsInputs } from '../run-migrations/inputs';
import type { RunReport } from '../run-migrations/report';
import { assertPreviewSchema } from './names';

export interface PreviewDatabase {
  /** The URL the preview backend receives (masked). */
  url: string;
  target: string;
  report: RunReport;
}

/** The pull request's own place in the production server: a schema (PostgreSQL) or database (MySQL). */
export function previewConfig(production: DatabaseConfig, schema: string): DatabaseConfig {
  assertPreviewSchema(schema);
  return production.engine === 'postgres'
    ? { ...production, searchPath: schema }
    : { ...production, database: schema };
}

/** Creates pr_<N> when absent and migrates it with run-migrations' own runner. */
export async function deployDatabase(
  inputs: RunMigrationsInputs,
  schema: string,
  signal: AbortSignal,
): Promise<PreviewDatabase> {
  const production = await resolve(inputs);
  const config = previewConfig(production, schema);
  await withSession(production, inputs, signal, async (session) => {
    await session.query(
      production.engine === 'postgres'
        ? `CREATE SCHEMA IF NOT EXISTS "${schema}"`
        : `CREATE DATABASE IF NOT EXISTS \`${schema}\``,
    );
  });
  const files = inputs.mode.kind === 'sql' ? readMigrationFiles(inputs.mode.folder) : [];
  const { migrateOn } = await import('../run-migrations/migrate-on');
  const report = await migrateOn(config, inputs, files, signal);
  const url = connectionUrl(config);
  maskSecret(url);
  return { url, target: describeTarget(config), report };
}

/** Drops pr_<N> (and everything in it); nothing when it is already gone. */
export async function dropDatabase(
  inputs: RunMigrationsInputs,
  schema: string,
  signal: AbortSignal,
): Promise<{ target: string }> {
  assertPreviewSchema(schema);
  const production = await resolve(inputs);
  if (production.database === schema || production.searchPath === schema) {
    throw new Error(`refusing to drop ${schema}: it is the connection's own database`);
  }
  await withSession(production, inputs, signal, async (session) => {
    await session.query(
      production.engine === 'postgres'
        ? `DROP SCHEMA IF EXISTS "${schema}" CASCADE`
        : `DROP DATABASE IF EXISTS \`${schema}\``,
    );
  });
  return { target: describeTarget(previewConfig(production, schema)) };
}

async function resolve(inputs: RunMigrationsInputs): Promise<DatabaseConfig> {
  const { resolveConnection } = await import('../run-migrations/resolve-connection');
  return resolveConnection(inputs.connection as ConnectionInputs, inputs.aws);
}

async function withSession(
  config: DatabaseConfig,
  inputs: RunMigrationsInputs,
  signal: AbortSignal,
  fn: (session: Awaited<ReturnType<typeof connectWithRetry>>) => Promise<void>,
): Promise<void> {
  const session = await connectWithRetry(config, {
    timeoutMs: inputs.connectTimeoutMs,
    connectTimeoutMs: 10_000,
    applicationName: 'preview',
    signal,
    log: (line) => core.info(line),
  });
  try {
    await fn(session);
  } finally {
    await session.close();
  }
}
