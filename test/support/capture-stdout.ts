/**
 * Captures what @actions/core prints (workflow commands such as ::add-mask:: and ::error::) by
 * spying on process.stdout.write, the module boundary the runner reads. Restore it in afterEach.
 */
export interface CapturedOutput {
  /** Everything written so far. */
  text(): string;
  /** Messages of `::<command>::` lines (decoded), e.g. commands('add-mask'). */
  commands(command: string): string[];
  restore(): void;
}

export function captureStdout(): CapturedOutput {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  });
  const text = (): string => chunks.join('');
  return {
    text,
    commands: (command) =>
      text()
        .split(/\r?\n/)
        .map((line) => new RegExp(`^::${command}(?: [^:]*)?::(.*)$`).exec(line)?.[1])
        .filter((m): m is string => m !== undefined)
        .map((m) => m.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')),
    restore: () => spy.mockRestore(),
  };
}
