import { quoteQualified } from '../sql/quote-ident.js';
import type { SchemaChange } from './build-schema-diff.js';

/** A catalog query a human runs after the deploy to see that a change landed. */
export interface VerificationQuery {
  check: string;
  sql: string;
  /** What the query returns when the change landed. */
  expect: string;
}

/**
 * Post-deploy checks for the schema diff: new indexes valid, new constraints validated, new
 * policies present, new columns and tables there, dropped ones gone. Catalog reads only.
 */
export function buildVerificationQueries(diff: SchemaChange[]): VerificationQuery[] {
  const queries: VerificationQuery[] = [];
  for (const change of diff) {
    if (change.change === 'added' && change.kind === 'index') {
      queries.push({
        check: `index ${change.name} is valid and ready`,
        sql: `SELECT indisvalid AND indisready FROM pg_catalog.pg_index WHERE indexrelid = ${regclass(change.name)};`,
        expect: 'true',
      });
    } else if (change.kind === 'constraint' && change.change !== 'removed') {
      const [table, constraint] = splitLast(change.name);
      queries.push({
        check: `constraint ${change.name} exists and is validated`,
        sql: `SELECT convalidated FROM pg_catalog.pg_constraint WHERE conrelid = ${regclass(table)} AND conname = ${literal(constraint)};`,
        expect: change.detail?.endsWith('(not validated)') ? 'false until VALIDATE CONSTRAINT runs' : 'true',
      });
    } else if (change.change === 'added' && change.kind === 'policy') {
      const [table, policy] = splitLast(change.name);
      const [schema, name] = splitLast(table);
      queries.push({
        check: `policy ${change.name} is present`,
        sql: `SELECT cmd, roles FROM pg_catalog.pg_policies WHERE schemaname = ${literal(schema)} AND tablename = ${literal(name)} AND policyname = ${literal(policy)};`,
        expect: 'one row',
      });
    } else if (change.kind === 'column' && change.change !== 'removed') {
      const [table, column] = splitLast(change.name);
      queries.push({
        check: `column ${change.name} ${change.change === 'added' ? 'exists' : 'has its new definition'}`,
        sql: `SELECT pg_catalog.format_type(atttypid, atttypmod), attnotnull FROM pg_catalog.pg_attribute WHERE attrelid = ${regclass(table)} AND attname = ${literal(column)} AND NOT attisdropped;`,
        expect: columnExpectation(change.detail?.split(' → ').pop()),
      });
    } else if (change.kind === 'table' && change.change === 'changed' && rowSecurity(change.detail?.split(' → ')[0]) !== rowSecurity(change.detail?.split(' → ')[1])) {
      const now = rowSecurity(change.detail?.split(' → ')[1]);
      queries.push({
        check: `row-level security of ${change.name} is ${now}`,
        sql: `SELECT relrowsecurity, relforcerowsecurity FROM pg_catalog.pg_class WHERE oid = ${regclass(change.name)};`,
        expect: now === 'forced' ? 'true, true' : now === 'on' ? 'true, false' : 'false, false',
      });
    } else if (['table', 'view', 'materialized view', 'sequence'].includes(change.kind) && change.change !== 'changed') {
      queries.push({
        check: `${change.kind} ${change.name} ${change.change === 'added' ? 'exists' : 'is gone'}`,
        sql: `SELECT pg_catalog.to_regclass(${literal(quoteQualified(change.name))}) IS NOT NULL;`,
        expect: change.change === 'added' ? 'true' : 'false',
      });
    }
  }
  return queries;
}

function regclass(qualified: string): string {
  return `${literal(quoteQualified(qualified))}::pg_catalog.regclass`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** "a.b.c" → ["a.b", "c"]. */
function splitLast(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function rowSecurity(detail: string | undefined): string | undefined {
  return detail?.match(/row security (\w+)/)?.[1];
}

/** "text NOT NULL DEFAULT 'x'::text" → "text, true": what format_type and attnotnull return. */
function columnExpectation(detail: string | undefined): string {
  if (!detail) return 'one row';
  const type = detail.split(' NOT NULL')[0]!.split(' DEFAULT ')[0]!;
  return `${type}, ${detail.includes(' NOT NULL') ? 'true' : 'false'}`;
}
