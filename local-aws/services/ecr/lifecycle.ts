import { AwsError } from '../../server/aws-error';
import type { ImageRecord } from './images';

/** One rule of an ECR lifecycle policy. */
export interface LifecycleRule {
  rulePriority: number;
  tagStatus: 'tagged' | 'untagged' | 'any';
  tagPrefixList: string[];
  tagPatternList: string[];
  countType: 'imageCountMoreThan' | 'sinceImagePushed';
  countNumber: number;
}

function invalid(reason: string): AwsError {
  return new AwsError(
    'InvalidParameterException',
    `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${reason}'`,
  );
}

/** Parses and checks a lifecycle policy document as ECR does (the subset the stack evaluates). */
export function parseLifecyclePolicy(text: unknown): LifecycleRule[] {
  if (typeof text !== 'string' || text.length < 100 || text.length > 30_720) {
    throw invalid('the policy text must be between 100 and 30720 characters');
  }
  let document: { rules?: unknown };
  try {
    document = JSON.parse(text) as { rules?: unknown };
  } catch {
    throw invalid('the policy is not valid JSON');
  }
  if (!Array.isArray(document.rules) || document.rules.length === 0) {
    throw invalid('object has missing required properties (["rules"])');
  }
  const priorities = new Set<number>();
  return (document.rules as Record<string, unknown>[]).map((rule) => {
    const priority = rule.rulePriority;
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1) {
      throw invalid('rulePriority must be a positive integer');
    }
    if (priorities.has(priority)) throw invalid(`rulePriority ${priority} is used twice`);
    priorities.add(priority);
    const selection = (rule.selection ?? {}) as Record<string, unknown>;
    const tagStatus = selection.tagStatus;
    if (tagStatus !== 'tagged' && tagStatus !== 'untagged' && tagStatus !== 'any') {
      throw invalid('selection.tagStatus must be tagged, untagged or any');
    }
    const prefixes = stringList(selection.tagPrefixList);
    const patterns = stringList(selection.tagPatternList);
    if (tagStatus === 'tagged' && prefixes.length === 0 && patterns.length === 0) {
      throw invalid('tagPrefixList or tagPatternList is required when tagStatus is tagged');
    }
    const countType = selection.countType;
    if (countType !== 'imageCountMoreThan' && countType !== 'sinceImagePushed') {
      throw invalid('selection.countType must be imageCountMoreThan or sinceImagePushed');
    }
    if (countType === 'sinceImagePushed' && selection.countUnit !== 'days') {
      throw invalid('selection.countUnit must be days for sinceImagePushed');
    }
    const countNumber = selection.countNumber;
    if (typeof countNumber !== 'number' || !Number.isInteger(countNumber) || countNumber < 1) {
      throw invalid('selection.countNumber must be a positive integer');
    }
    const action = (rule.action ?? {}) as Record<string, unknown>;
    if (action.type !== 'expire') throw invalid('action.type must be expire');
    return {
      rulePriority: priority,
      tagStatus,
      tagPrefixList: prefixes,
      tagPatternList: patterns,
      countType,
      countNumber,
    };
  });
}

function stringList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalid('tag lists must be arrays of strings');
  }
  return value as string[];
}

/**
 * The digests a policy expires: rules in priority order, each image decided by the first rule
 * that selects it (kept or expired), newest images kept first.
 */
export function expiredImages(
  rules: LifecycleRule[],
  images: ImageRecord[],
  now: number,
): string[] {
  const decided = new Set<string>();
  const expired: string[] = [];
  const newestFirst = [...images].sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime());
  for (const rule of [...rules].sort((a, b) => a.rulePriority - b.rulePriority)) {
    const selected = newestFirst.filter(
      (image) => !decided.has(image.digest) && selects(rule, image),
    );
    selected.forEach((image, index) => {
      decided.add(image.digest);
      const expire =
        rule.countType === 'imageCountMoreThan'
          ? index >= rule.countNumber
          : now - image.pushedAt.getTime() > rule.countNumber * 86_400_000;
      if (expire) expired.push(image.digest);
    });
  }
  return expired;
}

function selects(rule: LifecycleRule, image: ImageRecord): boolean {
  if (rule.tagStatus === 'untagged') return image.tags.length === 0;
  if (rule.tagStatus === 'any') return true;
  return image.tags.some(
    (tag) =>
      rule.tagPrefixList.some((prefix) => tag.startsWith(prefix)) ||
      rule.tagPatternList.some((pattern) =>
        new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
          tag,
        ),
      ),
  );
}
