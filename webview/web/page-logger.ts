/**
 * The host-side log of the web page: the browser's console (there is no
 * output channel). Trace and debug stay at the console's verbose level.
 */
import type { Logger } from '../../extension/common/logger';

export const pageLogger: Logger = {
  trace: (message, ...args) => console.debug(message, ...args),
  debug: (message, ...args) => console.debug(message, ...args),
  info: (message, ...args) => console.info(message, ...args),
  warn: (message, ...args) => console.warn(message, ...args),
  error: (message, ...args) => console.error(message, ...args),
};
