import { randomBytes } from 'node:crypto';
import type { StackContext } from '../../server/stack-context';
import { AwsError } from '../../server/aws-error';
import { page } from './paging';
import { invalid } from './validate';

export interface AutoScalingRecord {
  AutoScalingConfigurationArn: string;
  AutoScalingConfigurationName: string;
  AutoScalingConfigurationRevision: number;
  Status: 'ACTIVE' | 'INACTIVE';
  MaxConcurrency: number;
  MinSize: number;
  MaxSize: number;
  CreatedAt: number;
  IsDefault: boolean;
}

/** Auto scaling configurations: names with numbered revisions, the newest one `Latest`. */
export class AutoScalingConfigurations {
  private readonly records: AutoScalingRecord[] = [];
  readonly defaultArn: string;

  constructor(
    private readonly context: StackContext,
    private readonly inUse: (arn: string) => boolean,
  ) {
    this.defaultArn = this.add(
      'DefaultConfiguration',
      100,
      1,
      25,
      true,
    ).AutoScalingConfigurationArn;
  }

  private add(
    name: string,
    concurrency: number,
    min: number,
    max: number,
    isDefault = false,
  ): AutoScalingRecord {
    const revision =
      Math.max(0, ...this.records.filter((r) => r.AutoScalingConfigurationName === name).map((r) => r.AutoScalingConfigurationRevision)) + 1; // prettier-ignore
    const id = randomBytes(16).toString('hex');
    const record: AutoScalingRecord = {
      AutoScalingConfigurationArn: `arn:aws:apprunner:${this.context.region}:${this.context.accountId}:autoscalingconfiguration/${name}/${revision}/${id}`,
      AutoScalingConfigurationName: name,
      AutoScalingConfigurationRevision: revision,
      Status: 'ACTIVE',
      MaxConcurrency: concurrency,
      MinSize: min,
      MaxSize: max,
      CreatedAt: Date.now() / 1000,
      IsDefault: isDefault,
    };
    this.records.push(record);
    return record;
  }

  get(arn: string): AutoScalingRecord {
    const record = this.records.find((r) => r.AutoScalingConfigurationArn === arn);
    if (record === undefined || record.Status !== 'ACTIVE') {
      throw new AwsError(
        'ResourceNotFoundException',
        `Auto scaling configuration ${arn} does not exist`,
        400,
      );
    }
    return record;
  }

  /** The full shape DescribeAutoScalingConfiguration and CreateAutoScalingConfiguration return. */
  full(record: AutoScalingRecord): Record<string, unknown> {
    return {
      ...record,
      Latest: this.isLatest(record),
      HasAssociatedService: this.inUse(record.AutoScalingConfigurationArn),
    };
  }

  summary(record: AutoScalingRecord): Record<string, unknown> {
    return {
      AutoScalingConfigurationArn: record.AutoScalingConfigurationArn,
      AutoScalingConfigurationName: record.AutoScalingConfigurationName,
      AutoScalingConfigurationRevision: record.AutoScalingConfigurationRevision,
      Status: record.Status,
      CreatedAt: record.CreatedAt,
      HasAssociatedService: this.inUse(record.AutoScalingConfigurationArn),
      IsDefault: record.IsDefault,
    };
  }

  private isLatest(record: AutoScalingRecord): boolean {
    return !this.records.some(
      (r) =>
        r.Status === 'ACTIVE' &&
        r.AutoScalingConfigurationName === record.AutoScalingConfigurationName &&
        r.AutoScalingConfigurationRevision > record.AutoScalingConfigurationRevision,
    );
  }

  create(input: Record<string, unknown>): Record<string, unknown> {
    const name = input.AutoScalingConfigurationName;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9\-_]{3,31}$/.test(name)) {
      throw invalid(
        'AutoScalingConfigurationName must be 4-32 characters: letters, digits, - and _, starting with a letter or digit',
      );
    }
    if (name === 'DefaultConfiguration') {
      throw invalid('DefaultConfiguration is reserved for the default auto scaling configuration');
    }
    const number = (field: string, fallback: number, min: number, max: number): number => {
      const value = input[field] ?? fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw invalid(`${field} must be an integer from ${min} to ${max}`);
      }
      return value;
    };
    const concurrency = number('MaxConcurrency', 100, 1, 200);
    const min = number('MinSize', 1, 1, 25);
    const max = number('MaxSize', 25, 1, 25);
    if (min > max) throw invalid('MinSize must not be greater than MaxSize');
    return { AutoScalingConfiguration: this.full(this.add(name, concurrency, min, max)) };
  }

  list(input: Record<string, unknown>): Record<string, unknown> {
    const name = input.AutoScalingConfigurationName;
    const matching = this.records.filter(
      (r) =>
        r.Status === 'ACTIVE' &&
        (name === undefined || r.AutoScalingConfigurationName === name) &&
        (input.LatestOnly !== true || this.isLatest(r)),
    );
    const { items, NextToken } = page(matching, input);
    return {
      AutoScalingConfigurationSummaryList: items.map((r) => this.summary(r)),
      ...(NextToken === undefined ? {} : { NextToken }),
    };
  }

  delete(input: Record<string, unknown>): Record<string, unknown> {
    const record = this.get(String(input.AutoScalingConfigurationArn));
    if (record.IsDefault) throw invalid('The default auto scaling configuration cannot be deleted');
    if (this.inUse(record.AutoScalingConfigurationArn)) {
      throw invalid('The auto scaling configuration is associated with a service');
    }
    record.Status = 'INACTIVE';
    return { AutoScalingConfiguration: { ...this.full(record), DeletedAt: Date.now() / 1000 } };
  }
}
