import * as core from '@actions/core';
import { systemClock, formatDuration, type Clock } from './clock';

export interface ProgressOptions {
  label: string;
  totalItems: number;
  totalBytes?: number;
  /** Minimum time between two progress lines. */
  intervalMs?: number;
  clock?: Clock;
  log?: (line: string) => void;
}

/** Progress lines for long work: items and bytes done of total, rate and elapsed time. */
export class ProgressReporter {
  private items = 0;
  private bytes = 0;
  private readonly started: number;
  private lastLine: number;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ProgressOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? ((line) => core.info(line));
    this.started = this.clock.now();
    this.lastLine = this.started;
  }

  /** Records finished work and prints a line when the interval has passed. */
  advance(items: number, bytes = 0): void {
    this.items += items;
    this.bytes += bytes;
    const now = this.clock.now();
    if (now - this.lastLine >= (this.options.intervalMs ?? 5000)) {
      this.lastLine = now;
      this.log(this.line());
    }
  }

  line(): string {
    const elapsed = this.clock.now() - this.started;
    let text = `${this.options.label}: ${this.items}/${this.options.totalItems}`;
    if (this.options.totalBytes !== undefined) {
      text += `, ${formatBytes(this.bytes)}/${formatBytes(this.options.totalBytes)}`;
      if (elapsed > 0) text += `, ${formatBytes((this.bytes * 1000) / elapsed)}/s`;
    }
    return `${text}, ${formatDuration(elapsed)} elapsed`;
  }

  /** Prints the final line. */
  finish(): void {
    this.log(this.line());
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
