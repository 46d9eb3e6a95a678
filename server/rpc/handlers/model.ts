/** `model/list`. */
import { modelCatalog } from '../../config/model-catalog';
import type { ServerSettings } from '../../config/settings';
import { decodeCursor, encodeCursor, pageSize } from '../../threads/cursor';
import type { HandlerTable } from '../router';

const isOffset = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

export function modelHandlers(settings: ServerSettings): HandlerTable {
  return {
    'model/list': (params) => {
      const all = modelCatalog(settings.model).filter((model) => params.includeHidden || !model.hidden);
      const start = params.cursor ? decodeCursor(params.cursor, isOffset) : 0;
      const limit = pageSize(params.limit, 100, 100);
      const data = all.slice(start, start + limit);
      return { data, nextCursor: start + limit < all.length ? encodeCursor(start + limit) : null };
    },
  };
}
