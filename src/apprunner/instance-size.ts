import { ConfigurationError } from '../core/errors';
import { quote } from '../core/inputs';

/**
 * The CPU / memory combinations App Runner accepts, in CPU units and memory MB (the form
 * DescribeService reports): 0.25 vCPU with 0.5 or 1 GB; 0.5 vCPU with 1 GB; 1 vCPU with 2, 3 or
 * 4 GB; 2 vCPU with 4 or 6 GB; 4 vCPU with 8, 10 or 12 GB.
 */
export const VALID_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024],
  512: [1024],
  1024: [2048, 3072, 4096],
  2048: [4096, 6144],
  4096: [8192, 10240, 12288],
};

/** App Runner's defaults when a service is created without an instance configuration. */
export const DEFAULT_CPU = 1024;
export const DEFAULT_MEMORY = 2048;

/** CPU as units: "1024", "1", "1 vCPU", "0.25vcpu" -> 1024 / 1024 / 1024 / 256. */
export function parseCpu(input: string, value: string): number {
  const text = value.trim();
  const vcpu = /^(\d+(?:\.\d+)?)\s*(?:vcpu)?$/i.exec(text);
  if (vcpu !== null) {
    const n = Number(vcpu[1]);
    // Small numbers are vCPUs (0.25 .. 4), large ones CPU units (256 .. 4096).
    const units = n <= 4 && !/^\d{3,}$/.test(text) ? Math.round(n * 1024) : n;
    if (VALID_SIZES[units] !== undefined) return units;
  }
  throw new ConfigurationError(
    `expected one of 0.25, 0.5, 1, 2 or 4 vCPU (or 256, 512, 1024, 2048, 4096 CPU units), got ${quote(value)}`,
    input,
  );
}

/** Memory as MB: "2048", "2 GB", "2GB", "0.5 GB" -> 2048 / 2048 / 2048 / 512. */
export function parseMemory(input: string, value: string): number {
  const text = value.trim();
  const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  const mb = /^(\d+)(?:\s*mb)?$/i.exec(text);
  const megabytes = gb !== null ? Math.round(Number(gb[1]) * 1024) : mb !== null ? Number(mb[1]) : NaN; // prettier-ignore
  const known = new Set(Object.values(VALID_SIZES).flat());
  if (known.has(megabytes)) return megabytes;
  throw new ConfigurationError(
    `expected one of 0.5, 1, 2, 3, 4, 6, 8, 10 or 12 GB (or the same in MB: 512 ... 12288), got ${quote(value)}`,
    input,
  );
}

export function formatCpu(units: number): string {
  return `${units / 1024} vCPU`;
}

export function formatMemory(mb: number): string {
  return `${mb / 1024} GB`;
}

/** Throws a ConfigurationError naming both inputs when App Runner would refuse the pair. */
export function checkSizePair(cpu: number, memory: number, origin: string): void {
  const allowed = VALID_SIZES[cpu] ?? [];
  if (!allowed.includes(memory)) {
    throw new ConfigurationError(
      `App Runner does not offer ${formatCpu(cpu)} with ${formatMemory(memory)}${origin === '' ? '' : ` ${origin}`}; ` +
        `with ${formatCpu(cpu)} set memory to ${allowed.map(formatMemory).join(' or ')}`,
      'memory',
    );
  }
}

/** Reads the units/MB App Runner reports ("1024", or "1 vCPU" / "2 GB" in older responses). */
export function reportedCpu(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CPU;
  try {
    return parseCpu('cpu', value);
  } catch {
    return DEFAULT_CPU;
  }
}

export function reportedMemory(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MEMORY;
  try {
    return parseMemory('memory', value);
  } catch {
    return DEFAULT_MEMORY;
  }
}
