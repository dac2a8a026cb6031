import type { ParsedStatement } from '../sql/parsed-statement.js';

interface RangeVar {
  schemaname?: string;
  relname?: string;
}

/**
 * The relations a statement that runs outside a transaction names (as regclass text, quoted),
 * or `all` when it works on every table of the database (VACUUM without a table, REINDEX
 * DATABASE/SCHEMA/SYSTEM). Indexes are named too: the caller maps them to their tables.
 */
export function findLockTargets(statement: ParsedStatement): { names: string[] } | 'all' {
  const node = statement.node as Record<string, unknown>;
  switch (statement.kind) {
    case 'IndexStmt':
      return { names: rangeVars([node.relation]) };
    case 'DropStmt':
      return {
        names: (Array.isArray(node.objects) ? node.objects : []).map((object) =>
          ((object as { List?: { items?: Array<{ String?: { sval?: string } }> } }).List?.items ?? []).map((item) => quote(item.String?.sval ?? '')).join('.'),
        ),
      };
    case 'ReindexStmt':
      return node.relation ? { names: rangeVars([node.relation]) } : 'all';
    case 'VacuumStmt': {
      const rels = Array.isArray(node.rels) ? node.rels : [];
      if (rels.length === 0) return 'all';
      return { names: rangeVars(rels.map((rel) => (rel as { VacuumRelation?: { relation?: unknown } }).VacuumRelation?.relation)) };
    }
    case 'AlterTableStmt': {
      const cmds = Array.isArray(node.cmds) ? node.cmds : [];
      const partitions = cmds.map((cmd) => (cmd as { AlterTableCmd?: { def?: { PartitionCmd?: { name?: unknown } } } }).AlterTableCmd?.def?.PartitionCmd?.name);
      return { names: rangeVars([node.relation, ...partitions]) };
    }
    default:
      return { names: [] };
  }
}

function rangeVars(values: unknown[]): string[] {
  return values
    .map((value) => value as RangeVar | undefined)
    .filter((rv): rv is RangeVar => typeof rv?.relname === 'string')
    .map((rv) => (rv.schemaname ? `${quote(rv.schemaname)}.${quote(rv.relname!)}` : quote(rv.relname!)));
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
