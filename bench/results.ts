/**
 * What a bench run produces: one row per measured quantity, one cell per
 * contender. A cell is a number, or the reason there is none ("not
 * implemented yet", "timed out"), so the report never invents a figure.
 */
import type { ContenderId } from './contenders';

export type Cell = { value: number; note?: string } | { missing: string };

export interface RowSpec {
  key: string;
  label: string;
  unit: 'ms' | 'MB' | 'deltas/s' | 'count';
  better: 'lower' | 'higher';
  /** The official server's figure quoted in the issue (for comparison only). */
  issueFigure?: string;
  /** The issue's target for ours, checked against this run's numbers. */
  target?: { text: string; met(ours: number, official: number | undefined): boolean };
}

export interface Row extends RowSpec {
  cells: Partial<Record<ContenderId, Cell>>;
}

export class Results {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  /** Fixes the order of rows in the table (rows never filled are not shown). */
  declare(...specs: RowSpec[]): void {
    for (const spec of specs) if (!this.rows.some((row) => row.key === spec.key)) this.rows.push({ ...spec, cells: {} });
  }

  set(spec: RowSpec, contender: ContenderId, cell: Cell): void {
    let row = this.rows.find((candidate) => candidate.key === spec.key);
    if (!row) {
      row = { ...spec, cells: {} };
      this.rows.push(row);
    }
    row.cells[contender] = cell;
  }

  /** Rows with at least one cell. */
  filled(): Row[] {
    return this.rows.filter((row) => Object.keys(row.cells).length > 0);
  }

  /** Cells that record a failure (not a "not implemented yet"). */
  failures(): string[] {
    return this.rows.flatMap((row) =>
      Object.entries(row.cells).flatMap(([contender, cell]) =>
        cell && 'missing' in cell && cell.missing.startsWith('failed') ? [`${contender}: ${row.label}: ${cell.missing}`] : [],
      ),
    );
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

export const value = (number: number, note?: string): Cell => (note ? { value: number, note } : { value: number });
export const missing = (reason: string): Cell => ({ missing: reason });

export function describeError(error: unknown): string {
  const text = (error as Error)?.message ?? String(error);
  return text.split('\n')[0].slice(0, 160);
}
