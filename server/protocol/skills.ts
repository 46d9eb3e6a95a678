/**
 * `skills/list`: the skills (SKILL.md bundles) available in each folder.
 * Our agent has no skills, so every folder asked about gets an empty list;
 * clients such as the Codex TUI ask at startup and show an error when the
 * method fails.
 */
import { Type, type Static } from '@sinclair/typebox';

export const SkillsListParams = Type.Object({
  /** Folders to list; empty or missing: the server's working directory. */
  cwds: Type.Optional(Type.Array(Type.String())),
  /** Re-scan instead of using a cache; we have nothing to scan. */
  forceReload: Type.Optional(Type.Boolean()),
});
export type SkillsListParams = Static<typeof SkillsListParams>;

export const SkillErrorInfo = Type.Object({ path: Type.String(), message: Type.String() });

/** One skill (upstream `SkillMetadata`, the fields every skill has). */
export const SkillMetadata = Type.Object({
  name: Type.String(),
  description: Type.String(),
  path: Type.String(),
  scope: Type.Union([Type.Literal('user'), Type.Literal('repo'), Type.Literal('system'), Type.Literal('admin')]),
  enabled: Type.Boolean(),
});

export const SkillsListEntry = Type.Object({
  cwd: Type.String(),
  skills: Type.Array(SkillMetadata),
  errors: Type.Array(SkillErrorInfo),
});
export type SkillsListEntry = Static<typeof SkillsListEntry>;

export const SkillsListResponse = Type.Object({ data: Type.Array(SkillsListEntry) });
export type SkillsListResponse = Static<typeof SkillsListResponse>;
