/**
 * Per-thread memory of what the user allowed ("acceptForSession" and
 * "acceptWithExecpolicyAmendment", PROTOCOL §5.2). Approving must never cover
 * more than what was approved: a command string is covered only when it is
 * fully understood and every simple command in it is covered on its own.
 * See approval-key.ts for what a key and a rule match.
 */
import { analyzeDetailed } from './analyze-command';
import { approvalKey, matchesPrefixRule } from './approval-key';
import { programName } from './program-name';

export interface ApprovalMemoryJson {
  sessionKeys: string[];
  prefixRules: string[][];
}

export class ApprovalMemory {
  private readonly sessionKeys = new Set<string>();
  private readonly prefixRules = new Map<string, string[]>();

  /** Remembers the key of each simple command in `command`; does nothing for a complex string. */
  approveForSession(command: string): void {
    const analysis = analyzeDetailed(command);
    if (analysis.complex) return;
    for (const parsed of analysis.commands) {
      const key = approvalKey(parsed);
      if (key !== null) this.sessionKeys.add(key);
    }
  }

  /**
   * Allows any simple command whose argv (privilege and environment first,
   * program name normalized) starts with `prefix`. An empty or malformed
   * prefix is ignored: it would allow everything.
   */
  addPrefixRule(prefix: string[]): void {
    if (!Array.isArray(prefix) || prefix.length === 0 || !prefix.every((word) => typeof word === 'string')) return;
    const rule = [programName(prefix[0]), ...prefix.slice(1)];
    this.prefixRules.set(JSON.stringify(rule), rule);
  }

  /** True only if `command` is understood and every simple command in it is covered. */
  isApproved(command: string): boolean {
    const analysis = analyzeDetailed(command);
    if (analysis.complex || analysis.commands.length === 0) return false;
    return analysis.commands.every((parsed) => {
      const key = approvalKey(parsed);
      if (key !== null && this.sessionKeys.has(key)) return true;
      for (const rule of this.prefixRules.values()) if (matchesPrefixRule(parsed, rule)) return true;
      return false;
    });
  }

  toJSON(): ApprovalMemoryJson {
    return { sessionKeys: [...this.sessionKeys], prefixRules: [...this.prefixRules.values()].map((rule) => [...rule]) };
  }

  /** Restores a memory saved with toJSON; anything malformed is skipped, garbage gives an empty memory. */
  static fromJSON(value: unknown): ApprovalMemory {
    const memory = new ApprovalMemory();
    if (typeof value !== 'object' || value === null) return memory;
    const { sessionKeys, prefixRules } = value as Partial<Record<keyof ApprovalMemoryJson, unknown>>;
    if (Array.isArray(sessionKeys)) {
      for (const key of sessionKeys) if (typeof key === 'string' && key !== '') memory.sessionKeys.add(key);
    }
    if (Array.isArray(prefixRules)) {
      for (const rule of prefixRules) memory.addPrefixRule(rule as string[]);
    }
    return memory;
  }
}
