/**
 * Compares our protocol definitions with the official schema, structurally:
 * property names, which are required, and (recursively) the shape of
 * nested objects and tagged unions. Returns readable differences; an empty
 * list means our subset agrees with upstream.
 *
 * Rules: a param we accept must exist upstream; a param upstream requires
 * we must require too. A result field we emit must exist upstream; a field
 * upstream requires we must always emit.
 */
import { Kind, type TSchema } from '@sinclair/typebox';

type Json = Record<string, any>;
export type Direction = 'params' | 'result';

export class SchemaDiff {
  constructor(private readonly definitions: Record<string, Json>) {}

  compare(ours: TSchema, official: Json, where: string, direction: Direction, depth = 0): string[] {
    const theirs = this.unwrap(official);
    if (depth > 6 || !theirs) return [];
    const kind = ours[Kind] as string;
    if (kind === 'Union') {
      const members = (ours.anyOf as TSchema[]).filter((member) => member[Kind] !== 'Null');
      if (members.length === 1) return this.compare(members[0], official, where, direction, depth);
      return this.compareTaggedUnion(members, theirs, where, direction, depth);
    }
    if (kind === 'Array') {
      const items = this.arrayItems(theirs);
      return items ? this.compare(ours.items as TSchema, items, `${where}[]`, direction, depth + 1) : [];
    }
    if (kind !== 'Object') return [];
    const theirObject = this.objectOf(theirs);
    if (!theirObject) {
      // One tagged variant of upstream's union (e.g. only `apiKey` accounts): compare it with that variant.
      const tagged = ours.properties?.type?.const !== undefined && this.variantsOf(theirs).length > 0;
      return tagged ? this.compareTaggedUnion([ours], theirs, where, direction, depth) : [`${where}: ours is an object, official is not`];
    }
    const differences: string[] = [];
    const ourProperties = ours.properties as Record<string, TSchema>;
    const ourRequired = new Set<string>((ours.required as string[] | undefined) ?? []);
    // Alternatives nested in an object (e.g. an image given by url or by fileId) add properties.
    const alternatives: Json[] = (theirObject.anyOf ?? []).map((option: Json) => this.resolve(option) ?? {});
    const theirProperties: Record<string, Json> = Object.assign({}, ...alternatives.map((option) => option.properties ?? {}), theirObject.properties);
    const theirRequired = new Set<string>(theirObject.required ?? []);
    for (const name of Object.keys(ourProperties)) {
      if (!(name in theirProperties)) {
        differences.push(`${where}.${name}: ${direction === 'params' ? 'we accept' : 'we emit'} a field the official schema does not have`);
      }
    }
    for (const name of theirRequired) {
      if (!(name in ourProperties)) differences.push(`${where}.${name}: required by the official schema, missing in ours`);
      else if (!ourRequired.has(name)) {
        differences.push(`${where}.${name}: required by the official schema, optional in ours`);
      }
    }
    if (direction === 'params') {
      for (const name of ourRequired) {
        if (name in theirProperties && !theirRequired.has(name)) differences.push(`${where}.${name}: we require a param the official schema makes optional`);
      }
    }
    for (const [name, property] of Object.entries(ourProperties)) {
      if (name in theirProperties) differences.push(...this.compare(property, theirProperties[name], `${where}.${name}`, direction, depth + 1));
    }
    return differences;
  }

  private compareTaggedUnion(members: TSchema[], theirs: Json, where: string, direction: Direction, depth: number): string[] {
    const variants = this.variantsOf(theirs);
    const differences: string[] = [];
    for (const member of members) {
      const tag = member[Kind] === 'Object' ? member.properties?.type?.const : undefined;
      if (tag === undefined) continue;
      const match = variants.find((variant) => this.objectOf(variant)?.properties?.type?.enum?.includes(tag));
      if (!match) {
        differences.push(`${where}: variant "${tag}" does not exist upstream`);
        continue;
      }
      differences.push(...this.compare(member, match, `${where}<${tag}>`, direction, depth + 1));
    }
    return differences;
  }

  private resolve(schema: Json | undefined): Json | undefined {
    let current = schema;
    for (let hops = 0; current && hops < 10; hops++) {
      if (current.$ref) current = this.definitions[String(current.$ref).split('/').pop()!];
      else if (current.allOf?.length === 1) current = current.allOf[0];
      else break;
    }
    return current;
  }

  /** Strips `null` alternatives and references. */
  private unwrap(schema: Json | undefined): Json | undefined {
    const resolved = this.resolve(schema);
    if (!resolved) return resolved;
    const options = resolved.anyOf ?? resolved.oneOf;
    if (options) {
      const nonNull = options.filter((option: Json) => option.type !== 'null');
      if (nonNull.length === 1) return this.unwrap(nonNull[0]);
    }
    return resolved;
  }

  private objectOf(schema: Json | undefined): Json | undefined {
    const resolved = this.unwrap(schema);
    return resolved && (resolved.properties || resolved.type === 'object') ? resolved : undefined;
  }

  private arrayItems(schema: Json): Json | undefined {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    return types.includes('array') ? schema.items : undefined;
  }

  private variantsOf(schema: Json): Json[] {
    const options: Json[] = schema.oneOf ?? schema.anyOf ?? [];
    return options.map((option) => this.resolve(option)!).filter(Boolean);
  }
}
