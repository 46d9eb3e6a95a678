export { EXEC_ENV_DEFAULTS } from './command-line';
export { ExecSessions } from './exec-sessions';
export type { ExecRequest, ExecResult, ExecSessionsOptions, WriteStdinOptions } from './exec-types';
export { formatExecResultForModel } from './format-result';
