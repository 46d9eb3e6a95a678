/**
 * Prints a TypeBox schema as a TypeScript type expression, for
 * `generate-ts`. Covers the kinds our protocol uses.
 */
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';

export function printType(schema: TSchema, indent = ''): string {
  switch (schema[Kind] as string) {
    case 'String':
      return 'string';
    case 'Integer':
    case 'Number':
      return 'number';
    case 'Boolean':
      return 'boolean';
    case 'Null':
      return 'null';
    case 'Unknown':
    case 'Any':
      return 'unknown';
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Array':
      return `Array<${printType(schema.items as TSchema, indent)}>`;
    case 'Record': {
      const value = Object.values(schema.patternProperties as Record<string, TSchema>)[0];
      return `{ [key: string]: ${printType(value, indent)} }`;
    }
    case 'Union':
      return (schema.anyOf as TSchema[]).map((member) => printType(member, indent)).join(' | ');
    case 'Object': {
      const entries = Object.entries(schema.properties as Record<string, TSchema>);
      if (entries.length === 0) return 'Record<string, never>';
      const required = new Set<string>((schema.required as string[] | undefined) ?? []);
      const inner = indent + '  ';
      const lines = entries.map(([key, property]) => {
        const optional = !required.has(key) || property[OptionalKind] === 'Optional' ? '?' : '';
        const doc = property.description ? `${inner}/** ${property.description} */\n` : '';
        return `${doc}${inner}${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}${optional}: ${printType(property, inner)};`;
      });
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      return 'unknown';
  }
}
