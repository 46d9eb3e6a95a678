/**
 * What a prompt becomes on the wire (`UserInput[]`). Host-free.
 *
 * `@` mentions are workspace-relative paths chosen in the composer. The
 * protocol's `mention` input is for `app://` / `plugin://` targets, so a
 * file is named in a text part instead (with its absolute path, which the
 * agent's tools need), and an image is also attached as `localImage`. A
 * mention comes from the webview, an untrusted edge: one that resolves
 * outside every workspace folder is dropped.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { UserInput } from '../../server/protocol';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp)$/i;

export interface WorkspaceRoot {
  /** The folder's name, which prefixes its paths in a multi-root window. */
  name: string;
  path: string;
}

export interface MentionContext {
  /** The thread's working directory: single-root mentions are relative to it. */
  cwd: string;
  /** The workspace folders (mentions must stay inside one of them). */
  roots: readonly WorkspaceRoot[];
}

export function textInput(text: string): UserInput {
  return { type: 'text', text, text_elements: [] };
}

export function buildUserInput(text: string, mentions: readonly string[] | undefined, context: MentionContext): UserInput[] {
  const input: UserInput[] = [textInput(text)];
  const files = [...new Set(mentions ?? [])].flatMap((mention) => {
    const path = resolveMention(mention, context);
    return path ? [{ mention, path }] : [];
  });
  if (files.length === 0) return input;
  input.push(textInput(['Files the user mentioned:', ...files.map((file) => `- ${file.mention} (${file.path})`)].join('\n')));
  for (const file of files) if (IMAGE_EXTENSIONS.test(file.path)) input.push({ type: 'localImage', path: file.path });
  return input;
}

/** The absolute path a mention names, or undefined when it leaves the workspace. */
export function resolveMention(mention: string, context: MentionContext): string | undefined {
  const trimmed = mention.trim().replace(/^@/, '');
  if (!trimmed || isAbsolute(trimmed)) return undefined;
  const [first, ...rest] = trimmed.split(/[\\/]/);
  // Multi-root paths read "<folder name>/<path>" (as `workspace.asRelativePath` writes them).
  const named = context.roots.length > 1 ? context.roots.find((root) => root.name === first) : undefined;
  const absolute = named ? resolve(named.path, ...rest) : resolve(context.cwd, trimmed);
  return context.roots.some((root) => isInside(absolute, root.path)) ? absolute : undefined;
}

function isInside(path: string, root: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === '' || (!fromRoot.startsWith(`..${sep}`) && fromRoot !== '..' && !isAbsolute(fromRoot));
}
