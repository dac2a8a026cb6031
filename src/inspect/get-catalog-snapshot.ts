import type pg from 'pg';
import type {
  CatalogSnapshot,
  ConstraintSnapshot,
  ExtensionSnapshot,
  FunctionSnapshot,
  Grant,
  IndexSnapshot,
  PolicyCommand,
  PolicySnapshot,
  RelationSnapshot,
  SchemaSnapshot,
  TriggerSnapshot,
  TypeSnapshot,
} from './catalog-snapshot.js';

/** User schemas: not the system ones, not pg_toast / pg_temp_N. */
const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;
/** Objects an extension created are the extension's business, not the migration's. */
const notExtensionMember = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '${catalog}'::pg_catalog.regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;
// Owners that are the migration's own role (per review, so its name changes every run) or a
// role it belongs to (the base objects' owner) are shown as "the migration role".
const grantsOf = (acl: string, owner: string) => `COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
    'grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, 'privilege', a.privilege_type)
    ORDER BY a.grantee, a.privilege_type)
  FROM pg_catalog.aclexplode(${acl}) a WHERE a.grantee <> ${owner}), '[]')`;

const RELATIONS_SQL = `
SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname, c.relkind::text AS kind, c.relpersistence::text AS persistence,
       c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls, CASE WHEN pg_catalog.pg_has_role(c.relowner, 'USAGE') THEN 'the migration role' ELSE pg_catalog.pg_get_userbyid(c.relowner) END AS owner,
       pg_catalog.pg_total_relation_size(c.oid)::int8 AS bytes,
       ${grantsOf('c.relacl', 'c.relowner')} AS grants,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS definition,
       COALESCE(c.reloptions, '{}') AS options,
       CASE WHEN c.relkind IN ('v', 'm') THEN ARRAY(
         SELECT DISTINCT rn.nspname || '.' || r.relname
           FROM pg_catalog.pg_rewrite rw
           JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND dep.objid = rw.oid
                                        AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
           JOIN pg_catalog.pg_class r ON r.oid = dep.refobjid AND r.oid <> c.oid
           JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
          WHERE rw.ev_class = c.oid
          ORDER BY 1) END AS reads,
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                   'num', a.attnum, 'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                   'notNull', a.attnotnull, 'default', pg_catalog.pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute a
                   LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind <> 'S'), '[]') AS columns
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${USER_NAMESPACE} AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')} /*only c.oid*/
 ORDER BY 2, 3`;

const INDEXES_SQL = `
SELECT n.nspname AS schema, ci.relname, tn.nspname || '.' || ct.relname AS table,
       def.definition,
       pg_catalog.replace(def.definition, 'INDEX ' || pg_catalog.quote_ident(ci.relname) || ' ON ', 'INDEX ON ') AS signature,
       i.indisvalid AS valid, i.indisunique AS unique, i.indisprimary AS primary, i.indpred IS NOT NULL AS partial, am.amname AS method,
       ARRAY(SELECT a.attname::text FROM pg_catalog.generate_series(0, i.indnkeyatts - 1) k
               LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]
              ORDER BY k) AS columns,
       pg_catalog.pg_relation_size(i.indexrelid)::int8 AS bytes
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = ci.relnamespace
  JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = ct.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = ci.relam
  -- deparsed once per index (the signature is derived from it): a third of this query's time
  -- (OFFSET 0 keeps the planner from inlining it back into both expressions)
  CROSS JOIN LATERAL (SELECT pg_catalog.pg_get_indexdef(i.indexrelid) AS definition OFFSET 0) def
 WHERE ${USER_NAMESPACE.replaceAll('n.', 'tn.')} AND ${notExtensionMember('pg_catalog.pg_class', 'ct.oid')} /*only ct.oid*/
 ORDER BY 1, 2`;

const CONSTRAINTS_SQL = `
SELECT con.conname AS name, n.nspname || '.' || c.relname AS table, con.contype::text AS type,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition, con.convalidated AS validated,
       ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(num, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns,
       (SELECT rn.nspname || '.' || r.relname FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
         WHERE r.oid = con.confrelid) AS references
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE ${USER_NAMESPACE} AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')} /*only c.oid*/
 ORDER BY 2, 1`;

const POLICIES_SQL = `
SELECT p.polname AS name, n.nspname || '.' || c.relname AS table, p.polcmd::text AS cmd, p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r)::text END FROM pg_catalog.unnest(p.polroles) r) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check
  FROM pg_catalog.pg_policy p
  JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE true /*only c.oid*/
 ORDER BY 2, 1`;

const FUNCTIONS_SQL = `
SELECT n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS signature,
       p.prokind::text AS kind, l.lanname AS language, p.prosecdef AS security_definer, COALESCE(p.proconfig, '{}') AS config,
       CASE WHEN pg_catalog.pg_has_role(p.proowner, 'USAGE') THEN 'the migration role' ELSE pg_catalog.pg_get_userbyid(p.proowner) END AS owner, pg_catalog.md5(p.prosrc) AS body,
       CASE WHEN p.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition,
       ${grantsOf("COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))", 'p.proowner')} AS grants
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
 WHERE ${USER_NAMESPACE} AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
 ORDER BY 1`;

const EXTENSIONS_SQL = `
SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema
  FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 ORDER BY 1`;

const SCHEMAS_SQL = `
SELECT n.nspname AS name, CASE WHEN pg_catalog.pg_has_role(n.nspowner, 'USAGE') THEN 'the migration role' ELSE pg_catalog.pg_get_userbyid(n.nspowner) END AS owner, ${grantsOf('n.nspacl', 'n.nspowner')} AS grants
  FROM pg_catalog.pg_namespace n
 WHERE ${USER_NAMESPACE} AND ${notExtensionMember('pg_catalog.pg_namespace', 'n.oid')}
 ORDER BY 1`;

const TRIGGERS_SQL = `
SELECT t.tgname AS name, n.nspname || '.' || c.relname AS table, pg_catalog.pg_get_triggerdef(t.oid) AS definition, t.tgenabled::text AS enabled
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE NOT t.tgisinternal AND ${USER_NAMESPACE} /*only c.oid*/
 ORDER BY 2, 1`;

const TYPES_SQL = `
SELECT n.nspname || '.' || t.typname AS name, t.typtype::text AS kind,
       CASE t.typtype
         WHEN 'e' THEN (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
         WHEN 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) || COALESCE((SELECT ' ' || pg_catalog.string_agg(pg_catalog.pg_get_constraintdef(con.oid), ' ' ORDER BY con.conname) FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid), '')
         WHEN 'c' THEN (SELECT pg_catalog.string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
         ELSE '' END AS definition
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
 WHERE t.typtype IN ('e', 'd', 'c', 'r') AND ${USER_NAMESPACE}
   -- standalone composite types only, not the row type of each table (a hashed list, not a lookup per table)
   AND (t.typtype <> 'c' OR t.typrelid IN (SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relkind = 'c'))
   -- per remaining type: as an anti join it read the dependencies of every type (two per table)
   AND (SELECT pg_catalog.count(*) FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND dep.objid = t.oid AND dep.deptype = 'e') = 0
 ORDER BY 1`;

const COMMANDS: Record<string, PolicyCommand> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/** A relation query limited to the relations of `$1` (oids), or left whole. */
function limited(sql: string, only: boolean): string {
  return sql.replace(/\/\*only ([a-z]+\.oid)\*\//, (_, column: string) => (only ? `AND ${column} = ANY ($1::pg_catalog.oid[])` : ''));
}

/**
 * Reads the branch's schema from the catalog, in the given session (the unprivileged role's),
 * inside a read-only transaction whose search_path is pg_catalog: every name is qualified, no
 * user function, operator or view is resolved or fired, and the session is left as it was.
 * With `onlyRelations`, the relations, indexes, constraints, policies and triggers are read
 * for those relations (oids) alone; functions, extensions, schemas and types always in full.
 */
export async function getCatalogSnapshot(client: pg.Client, onlyRelations?: number[]): Promise<CatalogSnapshot> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query('SET LOCAL search_path = pg_catalog');
    // Sizes open each relation (AccessShareLock): never wait long behind a lock the migrations left.
    await client.query("SET LOCAL lock_timeout = '5s'");
    await client.query("SET LOCAL statement_timeout = '60s'");
    const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
    const only = onlyRelations !== undefined;
    const perRelation = async <T extends pg.QueryResultRow>(sql: string) =>
      only ? (await client.query<T>(limited(sql, true), [onlyRelations])).rows : rows<T>(limited(sql, false));
    const relations = (await perRelation<RelationRow>(RELATIONS_SQL)).map(
      (r): RelationSnapshot => ({
        oid: Number(r.oid),
        name: `${r.schema}.${r.relname}`,
        schema: r.schema,
        relname: r.relname,
        kind: r.kind,
        persistence: r.persistence,
        rowSecurity: r.rls,
        forceRowSecurity: r.force_rls,
        owner: r.owner,
        bytes: Number(r.bytes),
        grants: r.grants,
        columns: r.columns,
        ...(r.definition !== null ? { definition: r.definition } : {}),
        ...(r.options.length > 0 ? { options: r.options } : {}),
        ...(r.reads !== null ? { reads: r.reads } : {}),
      }),
    );
    const indexes = (await perRelation<IndexRow>(INDEXES_SQL)).map(
      ({ schema, bytes, ...index }): IndexSnapshot => ({ ...index, name: `${schema}.${index.relname}`, bytes: Number(bytes) }),
    );
    const constraints = await perRelation<ConstraintSnapshot>(CONSTRAINTS_SQL);
    const policies = (await perRelation<PolicyRow>(POLICIES_SQL)).map(
      ({ cmd, ...rest }): PolicySnapshot => ({ ...rest, command: COMMANDS[cmd] ?? 'ALL' }),
    );
    const triggers = await perRelation<TriggerSnapshot>(TRIGGERS_SQL);
    const functions = (await rows<FunctionRow>(FUNCTIONS_SQL)).map(
      (r): FunctionSnapshot => ({
        signature: r.signature,
        kind: r.kind,
        language: r.language,
        securityDefiner: r.security_definer,
        config: r.config,
        owner: r.owner,
        body: r.body,
        ...(r.definition !== null ? { definition: r.definition } : {}),
        grants: r.grants,
      }),
    );
    const extensions = await rows<ExtensionSnapshot>(EXTENSIONS_SQL);
    const schemas = await rows<SchemaSnapshot>(SCHEMAS_SQL);
    const types = (await rows<TypeSnapshot & { definition: string | null }>(TYPES_SQL)).map((t) => ({ ...t, definition: t.definition ?? '' }));
    return { relations, indexes, constraints, policies, functions, extensions, schemas, triggers, types };
  } finally {
    await client.query('COMMIT').catch(() => undefined);
  }
}

interface RelationRow {
  oid: string;
  schema: string;
  relname: string;
  kind: string;
  persistence: string;
  rls: boolean;
  force_rls: boolean;
  owner: string;
  bytes: string;
  grants: Grant[];
  columns: RelationSnapshot['columns'];
  definition: string | null;
  options: string[];
  reads: string[] | null;
}

/** A row of INDEXES_SQL: the snapshot before its name is qualified and its size parsed (int8 arrives as text). */
interface IndexRow extends Omit<IndexSnapshot, 'name' | 'bytes'> {
  schema: string;
  bytes: string;
}

interface PolicyRow extends Omit<PolicySnapshot, 'command'> {
  cmd: string;
}

interface FunctionRow {
  signature: string;
  kind: string;
  language: string;
  security_definer: boolean;
  config: string[];
  owner: string;
  body: string;
  definition: string | null;
  grants: Grant[];
}
