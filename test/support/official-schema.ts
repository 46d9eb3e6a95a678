/**
 * The official Codex app-server JSON Schema (0.169.0), used as test data to
 * check that every message our server sends would be accepted by a client
 * written for Codex. It lives in `../shared/codex-protocol-0.169.0/` beside
 * the clone (CI has it); in a user's clone it may be absent, and then the
 * conformance checks say so and skip.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const OFFICIAL_SCHEMA_DIR = resolve(
  process.env.CODEX_PROTOCOL_SCHEMA_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'codex-protocol-0.169.0'),
);

export interface OfficialSchema {
  /** Problems with one server→client message (empty when it conforms). */
  check(message: unknown, requestMethods: Map<unknown, string>): string[];
}

const integerFormats: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint: [0, Number.MAX_SAFE_INTEGER],
  uint16: [0, 2 ** 16 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

let cached: OfficialSchema | null | undefined;

export function loadOfficialSchema(): OfficialSchema | null {
  if (cached !== undefined) return cached;
  if (!existsSync(join(OFFICIAL_SCHEMA_DIR, 'ServerNotification.json'))) return (cached = null);
  const read = (name: string) => JSON.parse(readFileSync(join(OFFICIAL_SCHEMA_DIR, name), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: false, verbose: false });
  for (const [name, [min, max]] of Object.entries(integerFormats)) {
    ajv.addFormat(name, { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= min && value <= max });
  }
  ajv.addFormat('double', { type: 'number', validate: () => true });

  const notification = ajv.compile(read('ServerNotification.json'));
  const serverRequest = ajv.compile(read('ServerRequest.json'));
  const v2 = read('codex_app_server_protocol.v2.schemas.json');
  ajv.addSchema(v2, 'v2');
  const all = read('codex_app_server_protocol.schemas.json');
  ajv.addSchema(all, 'all');

  // method → name of its result type, read off ClientRequest.json.
  const resultTypes = new Map<string, string>();
  for (const variant of read('ClientRequest.json').oneOf as any[]) {
    const method = variant.properties?.method?.enum?.[0];
    const ref: string | undefined = variant.properties?.params?.$ref;
    if (method && ref) resultTypes.set(method, ref.split('/').pop()!.replace(/Params$/, 'Response'));
  }
  const responseValidators = new Map<string, ValidateFunction | null>();
  const responseValidator = (method: string): ValidateFunction | null => {
    if (responseValidators.has(method)) return responseValidators.get(method)!;
    const type = resultTypes.get(method);
    const validator = type
      ? (ajv.getSchema(`v2#/definitions/${type}`) ?? ajv.getSchema(`all#/definitions/${type}`) ?? null)
      : null;
    responseValidators.set(method, validator);
    return validator;
  };

  const describe = (validate: ValidateFunction) =>
    (validate.errors ?? [])
      // A oneOf keyed by `method` reports every non-matching variant; keep the real mismatch.
      .filter((error) => error.instancePath !== '/method')
      .map((error) => `${error.instancePath || '/'} ${error.message}`)
      .join('; ');

  cached = {
    check(message, requestMethods) {
      const fields = message as Record<string, unknown>;
      if (typeof fields.method === 'string' && 'id' in fields) {
        return serverRequest(message) ? [] : [`server request ${fields.method}: ${describe(serverRequest)}`];
      }
      if (typeof fields.method === 'string') {
        if (typeof fields.emittedAtMs !== 'number') return [`notification ${fields.method}: no emittedAtMs`];
        return notification(message) ? [] : [`notification ${fields.method}: ${describe(notification)}`];
      }
      if ('jsonrpc' in fields) return ['message carries a "jsonrpc" field'];
      if ('error' in fields) return [];
      const method = requestMethods.get(fields.id);
      if (!method) return [`response to unknown id ${JSON.stringify(fields.id)}`];
      const validate = responseValidator(method);
      if (!validate) return [`no official result type for ${method}`];
      return validate(fields.result) ? [] : [`result of ${method}: ${describe(validate)}`];
    },
  };
  return cached;
}
