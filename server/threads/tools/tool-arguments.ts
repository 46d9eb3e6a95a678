/**
 * Reading a function tool's JSON arguments. A malformed call is answered to
 * the model with what was wrong, so it can fix its call, never thrown.
 */
export class ToolArgumentError extends Error {}

export function parseArguments(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw || '{}');
  } catch (error) {
    throw new ToolArgumentError(`The arguments are not valid JSON (${(error as Error).message}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ToolArgumentError('The arguments must be a JSON object.');
  return value as Record<string, unknown>;
}

export function requireString(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value.length === 0) throw new ToolArgumentError(`"${name}" is required and must be a non-empty string.`);
  return value;
}

export function optionalString(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ToolArgumentError(`"${name}" must be a string.`);
  return value;
}

export function optionalNumber(args: Record<string, unknown>, name: string): number | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ToolArgumentError(`"${name}" must be a number.`);
  return value;
}

export function optionalBoolean(args: Record<string, unknown>, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ToolArgumentError(`"${name}" must be a boolean.`);
  return value;
}
