import type Database from 'better-sqlite3';
import type pg from 'pg';

/**
 * Each engine's migrated schema read from its own catalogue, in one shape, so the two can be
 * compared (db/engine/sqlite-vs-postgres-schema.test.ts, docs/decisions.md D99).
 */
export type TypeClass = 'integer' | 'real' | 'text' | 'blob' | 'json';

export interface Column {
  type: TypeClass;
  notNull: boolean;
  hasDefault: boolean;
}

export interface Index {
  /** Key columns in order; an expression is `(expression)`. */
  columns: string[];
  unique: boolean;
  partial: boolean;
}

export interface Table {
  columns: Record<string, Column>;
  primaryKey: string[];
  indexes: Record<string, Index>;
  /** `column -> table.column on delete <action>` */
  foreignKeys: string[];
}

export type Model = Record<string, Table>;

const SQLITE_CLASS: Record<string, TypeClass> = {
  integer: 'integer',
  real: 'real',
  text: 'text',
  blob: 'blob',
};

export function sqliteModel(s: Database.Database): Model {
  const model: Model = {};
  const tables = s
    .prepare(
      `select name from sqlite_master where type = 'table'
         and name not like 'sqlite\\_%' escape '\\' and name <> '__drizzle_migrations'`,
    )
    .pluck()
    .all() as string[];
  for (const table of tables) {
    type Col = { name: string; type: string; notnull: number; dflt_value: unknown; pk: number };
    const cols = s.prepare('select * from pragma_table_xinfo(?)').all(table) as Col[];
    const columns: Record<string, Column> = {};
    for (const c of cols) {
      const type = SQLITE_CLASS[c.type.toLowerCase()];
      if (!type) throw new Error(`${table}.${c.name}: SQLite type ${c.type} has no class`);
      // SQLite lets a primary key column be null unless it says NOT NULL; PostgreSQL never does.
      columns[c.name] = {
        type,
        notNull: !!c.notnull || c.pk > 0,
        hasDefault: c.dflt_value !== null,
      };
    }
    const primaryKey = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexes: Record<string, Index> = {};
    type Idx = { name: string; unique: number; origin: string; partial: number };
    for (const i of s.prepare('select * from pragma_index_list(?)').all(table) as Idx[]) {
      if (i.origin === 'pk') continue;
      type Key = { cid: number; name: string | null; key: number };
      const keys = (s.prepare('select * from pragma_index_xinfo(?)').all(i.name) as Key[]).filter(
        (k) => k.key,
      );
      indexes[i.name] = {
        columns: keys.map((k) => k.name ?? '(expression)'),
        unique: !!i.unique,
        partial: !!i.partial,
      };
    }
    type Fk = { from: string; table: string; to: string; on_delete: string };
    const foreignKeys = (s.prepare('select * from pragma_foreign_key_list(?)').all(table) as Fk[])
      .map((f) => `${f.from} -> ${f.table}.${f.to} on delete ${f.on_delete.toLowerCase()}`)
      .sort();
    model[table] = { columns, primaryKey, indexes, foreignKeys };
  }
  return model;
}

const PG_CLASS: Record<string, TypeClass> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  boolean: 'integer',
  'double precision': 'real',
  text: 'text',
  bytea: 'blob',
  jsonb: 'json',
};

export async function pgModel(c: pg.Client | pg.Pool): Promise<Model> {
  const model: Model = {};
  const cols = await c.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>(`select table_name, column_name, data_type, is_nullable, column_default
        from information_schema.columns where table_schema = 'public'
        order by table_name, ordinal_position`);
  for (const r of cols.rows) {
    const type = PG_CLASS[r.data_type];
    if (!type) throw new Error(`${r.table_name}.${r.column_name}: ${r.data_type} has no class`);
    const table = (model[r.table_name] ??= {
      columns: {},
      primaryKey: [],
      indexes: {},
      foreignKeys: [],
    });
    table.columns[r.column_name] = {
      type,
      notNull: r.is_nullable === 'NO',
      // An identity column has no default: like SQLite's rowid alias, it numbers itself.
      hasDefault: r.column_default !== null,
    };
  }
  const indexes = await c.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    partial: boolean;
    columns: (string | null)[];
  }>(`select t.relname as table, i.relname as name, x.indisprimary as primary,
        x.indisunique as unique, x.indpred is not null as partial,
        array(select a.attname::text from unnest(x.indkey[0:x.indnkeyatts - 1]) with ordinality k(attnum, n)
          left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n) as columns
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      join pg_namespace ns on ns.oid = t.relnamespace where ns.nspname = 'public'`);
  for (const r of indexes.rows) {
    const table = model[r.table]!;
    const columns = r.columns.map((name) => name ?? '(expression)');
    if (r.primary) table.primaryKey = columns;
    else table.indexes[r.name] = { columns, unique: r.unique, partial: r.partial };
  }
  const fks = await c.query<{ table: string; fk: string }>(
    `select t.relname as table,
        a.attname || ' -> ' || rt.relname || '.' || ra.attname || ' on delete ' ||
        case k.confdeltype when 'a' then 'no action' when 'c' then 'cascade' when 'n' then 'set null'
          when 'd' then 'set default' when 'r' then 'restrict' end as fk
      from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_class rt on rt.oid = k.confrelid
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
      join pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = k.confkey[1]
      join pg_namespace ns on ns.oid = t.relnamespace
      where k.contype = 'f' and ns.nspname = 'public'`,
  );
  for (const r of fks.rows) model[r.table]!.foreignKeys.push(r.fk);
  for (const t of Object.values(model)) t.foreignKeys.sort();
  return model;
}

/** PostgreSQL text columns whose collation is not "C" (byte order, as SQLite's BINARY). */
export async function pgTextColumnsNotC(c: pg.Client | pg.Pool): Promise<string[]> {
  const r = await c.query<{ col: string }>(
    `select table_name || '.' || column_name as col from information_schema.columns
      where table_schema = 'public' and data_type = 'text' and coalesce(collation_name, '') <> 'C'
      order by 1`,
  );
  return r.rows.map((x) => x.col);
}
