// Lists every acknowledged cdk-nag finding of the example stacks with its reason (for reviews).
import { buildApp } from '../lib/app';
import { NAG_ACKNOWLEDGEMENT, type NagAcknowledgement } from '../lib/nag';

const { app } = buildApp();
const seen = new Map<string, string[]>();
for (const construct of app.node.findAll())
  for (const entry of construct.node.metadata)
    if (entry.type === NAG_ACKNOWLEDGEMENT) {
      const { id, reason } = entry.data as NagAcknowledgement;
      const key = `${id.replace(/<[A-Za-z0-9]+[0-9A-F]{8}(\.[A-Za-z]+)?>/g, '<resource>')} — ${reason}`;
      seen.set(key, [...(seen.get(key) ?? []), construct.node.path]);
    }
for (const [key, paths] of [...seen].sort())
  console.log(
    `- ${key} (${paths.length}: ${paths.map((p) => p.split('/').slice(0, 2).join('/')).join(', ')})`,
  );
