/**
 * Makes `require('vscode')` load `fake-vscode.ts`, so host-side modules can
 * be tested under plain Node. Import this before any module that imports
 * `vscode` (imports run in order).
 */
import Module from 'node:module';
import { join } from 'node:path';

const fake = join(__dirname, 'fake-vscode.ts');
type Resolve = (request: string, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const original = internals._resolveFilename;
internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return original.call(this, request === 'vscode' ? fake : request, ...rest);
};
