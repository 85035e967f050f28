// Types for scripts/generate-action-names.mjs (used by its tests).
export const OUTPUT: string;
export function deprecatedInputs(
  spec: { inputs?: Record<string, { deprecationMessage?: unknown } | null> },
  where: string,
): Record<string, string>;
export function renderActionNames(base?: string): Promise<string>;
