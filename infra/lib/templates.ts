import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type App } from 'aws-cdk-lib';
import { type ExampleStack } from './stacks/example-stack';

export const TEMPLATE_DIR = path.resolve(__dirname, '..', 'templates');

export function templatePath(stackName: string): string {
  return path.join(TEMPLATE_DIR, `${stackName}.template.json`);
}

/** Synthesizes the app once and gives each stack's template in its committed form (2-space JSON). */
export function synthesizeTemplates(
  app: App,
  stacks: readonly ExampleStack[],
): Map<string, string> {
  const assembly = app.synth();
  return new Map(
    stacks.map((stack) => [
      stack.stackName,
      `${JSON.stringify(assembly.getStackByName(stack.stackName).template, null, 2)}\n`,
    ]),
  );
}

export function committedTemplate(stackName: string): string | undefined {
  try {
    return readFileSync(templatePath(stackName), 'utf8');
  } catch {
    return undefined;
  }
}
