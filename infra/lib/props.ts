/** A construct's props were wrong: the message names the prop and the fix. Thrown before synth. */
export class InfraPropsError extends Error {
  constructor(construct: string, prop: string, problem: string) {
    super(`${construct}: props.${prop} ${problem}`);
    this.name = 'InfraPropsError';
  }
}

/** Checks one prop; throws an InfraPropsError naming it when the check fails. */
export function check(construct: string, prop: string, ok: boolean, problem: string): void {
  if (!ok) throw new InfraPropsError(construct, prop, problem);
}

/** A name the user set (not a CDK token) that must match a pattern. */
export function checkName(
  construct: string,
  prop: string,
  value: string | undefined,
  pattern: RegExp,
  rule: string,
): void {
  if (value === undefined || value.includes('${Token[')) return;
  check(construct, prop, pattern.test(value), `"${value}" is not valid: ${rule}`);
}

export function checkIntegerRange(
  construct: string,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  check(
    construct,
    prop,
    Number.isInteger(value) && value >= min && value <= max,
    `is ${value}: use an integer from ${min} to ${max}`,
  );
}
