// Rebuilds infra/templates/*.template.json from the CDK app (with cdk-nag and CloudFormation's
// validation). `--check` writes nothing and fails when a committed template differs.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../lib/app';
import {
  committedTemplate,
  synthesizeTemplates,
  TEMPLATE_DIR,
  templatePath,
} from '../lib/templates';

const check = process.argv.includes('--check');
const outdir = mkdtempSync(path.join(tmpdir(), 'infra-synth-'));
const started = Date.now();
try {
  const { app, stacks } = buildApp({ outdir, cloudFormationValidation: true });
  const templates = synthesizeTemplates(app, stacks);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let stale = 0;
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  for (const [name, text] of templates) {
    const size = Buffer.byteLength(text);
    const resources = Object.keys((JSON.parse(text) as { Resources: object }).Resources).length;
    if (committedTemplate(name) === text) {
      console.log(`${name}: up to date (${resources} resources, ${size} bytes)`);
    } else if (check) {
      console.log(`${name}: differs from infra/templates; run npm run infra:templates`);
      stale++;
    } else {
      writeFileSync(templatePath(name), text);
      console.log(`${name}: written (${resources} resources, ${size} bytes)`);
    }
  }
  console.log(`synthesized ${templates.size} stacks in ${seconds}s`);
  if (stale > 0) process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
