import type { SourceTable } from './source';
import type { TargetType } from './encode';

/** A target table as PostgreSQL describes it. */
export interface TargetTable {
  name: string;
  columns: Map<string, TargetType>;
  references: string[];
  /** User triggers (not foreign keys) that a bulk load must not fire (D100). */
  hasTriggers: boolean;
}

export interface TablePlan {
  source: SourceTable;
  target: TargetTable;
  /** Source column names, in the order of each COPY line. */
  columns: string[];
  types: TargetType[];
}

export class PlanError extends Error {}

/**
 * Which source table goes into which target table, column by column, and in what order: a
 * table after every table its foreign keys (in either database) point at. A source table or
 * column with no place in the target is an error, not a silent loss of history.
 */
export function plan(sources: SourceTable[], targets: TargetTable[]): TablePlan[] {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const missing = sources.filter((s) => !byName.has(s.name)).map((s) => s.name);
  if (missing.length > 0) {
    throw new PlanError(
      `the target has no table for ${missing.join(', ')}: are its migrations current?`,
    );
  }
  const plans = sources.map((source) => {
    const target = byName.get(source.name)!;
    const lost = source.columns.filter((c) => !target.columns.has(c.name)).map((c) => c.name);
    if (lost.length > 0) {
      throw new PlanError(`the target's ${source.name} has no column ${lost.join(', ')}`);
    }
    const columns = source.columns.map((c) => c.name);
    return { source, target, columns, types: columns.map((c) => target.columns.get(c)!) };
  });
  return order(plans);
}

function order(plans: TablePlan[]): TablePlan[] {
  const byName = new Map(plans.map((p) => [p.source.name, p]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TablePlan[] = [];
  const visit = (p: TablePlan, path: string[]) => {
    const name = p.source.name;
    if (done.has(name)) return;
    if (visiting.has(name)) {
      throw new PlanError(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    }
    visiting.add(name);
    const refs = new Set([...p.source.references, ...p.target.references]);
    for (const r of [...refs].sort()) {
      const parent = byName.get(r);
      if (parent && r !== name) visit(parent, [...path, name]);
    }
    visiting.delete(name);
    done.add(name);
    out.push(p);
  };
  for (const p of [...plans].sort((a, b) => a.source.name.localeCompare(b.source.name))) {
    visit(p, []);
  }
  return out;
}
