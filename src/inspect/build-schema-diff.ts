import { restrictToRelations, touchedSince, type CatalogSnapshot } from './catalog-snapshot.js';

export interface SchemaChange {
  change: 'added' | 'removed' | 'changed';
  kind:
    | 'schema'
    | 'table'
    | 'view'
    | 'materialized view'
    | 'sequence'
    | 'foreign table'
    | 'column'
    | 'index'
    | 'constraint'
    | 'policy'
    | 'trigger'
    | 'function'
    | 'type'
    | 'extension'
    | 'grant';
  /** "schema.table", "schema.table.column", "schema.index", "schema.table.constraint"... */
  name: string;
  /** Before → after, for changes; the definition, for additions and removals. */
  detail?: string;
}

const RELATION_KINDS: Record<string, SchemaChange['kind']> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized view',
  S: 'sequence',
  f: 'foreign table',
};

/**
 * What differs between two catalog snapshots, object by object and by name (a rename is a
 * removal and an addition): the schema diff base → head, and the check that a rollback
 * restored the base.
 */
export function buildSchemaDiff(base: CatalogSnapshot, head: CatalogSnapshot): SchemaChange[] {
  // A snapshot derived from the other differs from it only in the relations read again.
  const touched = touchedSince(head, base);
  const from = touched ? restrictToRelations(base, touched) : base;
  const to = touched ? restrictToRelations(head, touched) : head;
  const changes: SchemaChange[] = [];
  const compare = <T>(kind: (item: T) => SchemaChange['kind'], name: (item: T) => string, detail: (item: T) => string, a: T[], b: T[]) => {
    const before = new Map(a.map((item) => [`${kind(item)} ${name(item)}`, item]));
    const after = new Map(b.map((item) => [`${kind(item)} ${name(item)}`, item]));
    for (const [key, item] of after) {
      const old = before.get(key);
      if (!old) changes.push({ change: 'added', kind: kind(item), name: name(item), ...withDetail(detail(item)) });
      else if (detail(old) !== detail(item)) changes.push({ change: 'changed', kind: kind(item), name: name(item), detail: `${detail(old)} → ${detail(item)}` });
    }
    for (const [key, item] of before) {
      if (!after.has(key)) changes.push({ change: 'removed', kind: kind(item), name: name(item), ...withDetail(detail(item)) });
    }
  };

  compare((_) => 'schema', (s) => s.name, (s) => `owner ${s.owner}`, from.schemas, to.schemas);
  compare(
    (r) => RELATION_KINDS[r.kind] ?? 'table',
    (r) => r.name,
    (r) =>
      [
        r.persistence === 'u' ? 'UNLOGGED' : '',
        r.kind === 'v' || r.kind === 'm' ? `AS ${(r.definition ?? '').replace(/\s+/g, ' ').trim()}` : `row security ${r.forceRowSecurity && r.rowSecurity ? 'forced' : r.rowSecurity ? 'on' : 'off'}`,
        `owner ${r.owner}`,
      ]
        .filter(Boolean)
        .join(', '),
    from.relations,
    to.relations,
  );
  const columns = (s: CatalogSnapshot) =>
    s.relations.filter((r) => r.kind !== 'S').flatMap((r) => r.columns.map((c) => ({ table: r.name, ...c })));
  compare(
    (_) => 'column',
    (c) => `${c.table}.${c.name}`,
    (c) => `${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default !== null ? ` DEFAULT ${c.default}` : ''}`,
    columns(from),
    columns(to),
  );
  compare((_) => 'index', (i) => i.name, (i) => `${i.definition}${i.valid ? '' : ' (INVALID)'}`, from.indexes, to.indexes);
  compare(
    (_) => 'constraint',
    (c) => `${c.table}.${c.name}`,
    (c) => `${c.definition}${c.validated ? '' : ' (not validated)'}`,
    from.constraints,
    to.constraints,
  );
  compare(
    (_) => 'policy',
    (p) => `${p.table}.${p.name}`,
    (p) => `${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command} TO ${p.roles.join(', ')}${p.using ? ` USING (${p.using})` : ''}${p.check ? ` WITH CHECK (${p.check})` : ''}`,
    from.policies,
    to.policies,
  );
  compare(
    (_) => 'function',
    (f) => f.signature,
    (f) => `${f.language} body ${f.body.slice(0, 8)}${f.securityDefiner ? ' SECURITY DEFINER' : ''}${f.config.length > 0 ? ` SET ${f.config.join(', ')}` : ''}`,
    from.functions,
    to.functions,
  );
  compare((_) => 'trigger', (t) => `${t.table}.${t.name}`, (t) => `${t.definition}${t.enabled === 'D' ? ' (disabled)' : ''}`, from.triggers ?? [], to.triggers ?? []);
  compare((_) => 'type', (t) => t.name, (t) => `${TYPE_KINDS[t.kind] ?? t.kind} ${t.definition}`.trim(), from.types ?? [], to.types ?? []);
  compare((_) => 'extension', (e) => e.name, (e) => `${e.version} in ${e.schema}`, from.extensions, to.extensions);
  const grants = (s: CatalogSnapshot) =>
    s.relations.flatMap((r) => r.grants.map((g) => ({ on: r.name, ...g }))).concat(s.schemas.flatMap((n) => n.grants.map((g) => ({ on: `schema ${n.name}`, ...g }))));
  compare((_) => 'grant', (g) => `${g.privilege} on ${g.on} to ${g.grantee}`, (_) => '', grants(from), grants(to));
  // The columns, indexes, constraints, policies and grants of a created or dropped table go with it.
  const whole = new Set(changes.filter((c) => c.change !== 'changed' && RELATION_KIND_NAMES.has(c.kind)).map((c) => `${c.change} ${c.name}`));
  return changes.filter((c) => RELATION_KIND_NAMES.has(c.kind) || !whole.has(`${c.change} ${ownerOf(c)}`));
}

const TYPE_KINDS: Record<string, string> = { e: 'enum', d: 'domain over', c: 'composite', r: 'range' };

const RELATION_KIND_NAMES = new Set<SchemaChange['kind']>(['table', 'view', 'materialized view', 'sequence', 'foreign table']);

/** The relation a column, constraint, policy or grant belongs to ("schema.table"). */
function ownerOf(change: SchemaChange): string {
  if (change.kind === 'grant') return change.name.replace(/^\S+ on (.*) to \S+$/, '$1');
  if (change.kind === 'index') return change.detail?.match(/ ON (?:ONLY )?(\S+) /)?.[1] ?? '';
  return change.name.slice(0, change.name.lastIndexOf('.'));
}

function withDetail(detail: string): { detail?: string } {
  return detail === '' ? {} : { detail };
}
