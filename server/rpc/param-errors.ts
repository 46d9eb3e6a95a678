/**
 * Turns a failed params check into one precise message that names the
 * field, what was expected and what came: `input[0].type must be one of
 * "text" | "image" | …, got string "txt"`. For unions tagged by `type` (UserInput,
 * SandboxPolicy) it descends into the variant the value names, so the
 * message points at the real mistake instead of "Expected union value".
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export interface ParamIssue {
  field: string;
  message: string;
}

export function describeParamError(schema: TSchema, value: unknown): ParamIssue {
  return find(schema, value, []) ?? { field: 'params', message: 'is invalid' };
}

function find(schema: TSchema, value: unknown, path: Array<string | number>): ParamIssue | undefined {
  const valid: boolean = Value.Check(schema, value);
  if (valid) return undefined;
  const kind = schema[Kind] as string;
  if (kind === 'Union') {
    const variants = schema.anyOf as TSchema[];
    const tagged = variants.filter((variant) => variant[Kind] === 'Object' && variant.properties?.type?.const !== undefined);
    if (tagged.length === variants.length && isRecord(value)) {
      const match = tagged.find((variant) => variant.properties.type.const === value.type);
      if (match) return find(match, value, path);
      return issue([...path, 'type'], `must be one of ${tagged.map((variant) => JSON.stringify(variant.properties.type.const)).join(' | ')}`, value.type);
    }
    // `T | null`: report against T when a value was given.
    const nonNull = variants.filter((variant) => variant[Kind] !== 'Null');
    if (nonNull.length === 1 && value !== null) {
      const inner = find(nonNull[0], value, path);
      if (inner) return { ...inner, message: inner.field === fieldName(path) ? `${inner.message.replace(/^must be /, 'must be null or ')}` : inner.message };
    }
    return issue(path, `must be ${describe(schema)}`, value);
  }
  if (kind === 'Object') {
    if (!isRecord(value)) return issue(path, 'must be an object', value);
    const required = new Set<string>((schema.required as string[] | undefined) ?? []);
    for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
      if (!(key in value) || value[key] === undefined) {
        if (required.has(key)) return { field: fieldName([...path, key]), message: 'is required' };
        continue;
      }
      const inner = find(property, value[key], [...path, key]);
      if (inner) return inner;
    }
    if (schema.additionalProperties === false) {
      const extra = Object.keys(value).find((key) => !(key in schema.properties));
      if (extra) return { field: fieldName([...path, extra]), message: 'is not allowed here' };
    }
    return issue(path, `must be ${describe(schema)}`, value);
  }
  if (kind === 'Array') {
    if (!Array.isArray(value)) return issue(path, 'must be an array', value);
    for (let index = 0; index < value.length; index++) {
      const inner = find(schema.items as TSchema, value[index], [...path, index]);
      if (inner) return inner;
    }
  }
  if (kind === 'Record') {
    if (!isRecord(value)) return issue(path, 'must be an object', value);
  }
  return issue(path, `must be ${describe(schema)}`, value);
}

function issue(path: Array<string | number>, expectation: string, value: unknown): ParamIssue {
  return { field: fieldName(path), message: `${expectation}, got ${show(value)}` };
}

function describe(schema: TSchema): string {
  switch (schema[Kind] as string) {
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'String':
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'Integer':
      return schema.minimum === 0 ? 'a non-negative integer' : 'an integer';
    case 'Number':
      return 'a number';
    case 'Boolean':
      return 'a boolean';
    case 'Null':
      return 'null';
    case 'Array':
      return 'an array';
    case 'Object':
    case 'Record':
      return 'an object';
    case 'Union': {
      const parts = (schema.anyOf as TSchema[]).map(describe);
      return parts.length > 1 ? `one of ${[...new Set(parts)].join(' | ')}` : parts[0];
    }
    default:
      return 'a valid value';
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${typeof value} ${text.slice(0, 57)}…` : `${typeof value} ${text}`;
}

export function fieldName(path: Array<string | number>): string {
  if (path.length === 0) return 'params';
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
