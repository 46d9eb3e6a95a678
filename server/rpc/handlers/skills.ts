/**
 * `skills/list`: our agent has no skills, so each folder asked about gets an
 * empty list (one entry per folder, in the order asked, as upstream answers).
 * The Codex TUI asks at startup and prints an error when this fails.
 */
import { resolve } from 'node:path';
import type { SkillsListResponse } from '../../protocol';
import type { HandlerTable } from '../router';

export function skillsHandlers(): HandlerTable {
  return {
    'skills/list': (params): SkillsListResponse => {
      const cwds = params.cwds?.length ? params.cwds : [process.cwd()];
      return { data: cwds.map((cwd) => ({ cwd: resolve(cwd), skills: [], errors: [] })) };
    },
  };
}
