import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { guardProtocol } from './guard-protocol.js';
import type { AppliedTableStats, BackendControl, BaseOptions, BaseState, Branch, RelationLock, Sandbox, SkippedStatement, TableStatsHint } from '../review/ports.js';
import { listCreatedRoles } from '../sql/rewrite-role-names.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import { SandboxError, errorMessage } from '../shared/errors.js';
import { applyMigrations } from './apply-migrations.js';
import { backendPid } from './backend-pid.js';
import { holdRelationLocks } from './hold-relation-locks.js';
import { DEFAULT_STATEMENT_LIMIT_MS } from './run-guarded-statement.js';
import { RoleNames, restoreRoleNames, scopedRoleName } from './role-names.js';

export interface ClusterSandboxOptions {
  /** How to reach the server as its administrator (a superuser, or CREATEDB + CREATEROLE). */
  admin: pg.ClientConfig;
  /** Prefix of every database and role this sandbox creates: the sweeper finds them by it. */
  prefix: string;
  statementLimitMs?: number;
  /** Most base templates kept; the least recently used are dropped beyond it. */
  templateCap?: number;
  /**
   * Revoke PUBLIC's CONNECT on `postgres` and `template1`. Right for a cluster of our own;
   * on a shared server it would lock out everyone else, so it is left to the operator there.
   */
  lockDownDefaultDatabases: boolean;
  /**
   * Keep one branch per base cloned ahead of time, handed to the next review of that base, so a
   * warm review skips the template clone (CREATE DATABASE ... TEMPLATE, the largest part of a
   * warm review on a big history). For long-lived processes (the App); a one-shot CLI run
   * would only pay for a clone it never uses.
   */
  spareBranch?: boolean;
}

const ROLE_CONNECTION_LIMIT = 10;
/**
 * Settings of every administrator session on a review database, fixed at connection start:
 * startup options outrank ALTER DATABASE ... SET, which the database's owner (the migration)
 * may have used to plant a search path or preload library.
 */
const ADMIN_SESSION_OPTIONS = ['search_path=pg_catalog', 'local_preload_libraries=', 'default_transaction_read_only=off', 'statement_timeout=60s', 'lock_timeout=10s']
  .map((setting) => `-c ${setting}`)
  .join(' ');
const TEMP_FILE_LIMIT = '2GB';
const DEFAULT_TEMPLATE_CAP = 20;
const LAST_USED = 'pg-dba-review template, last used ';
/** After the last-used line of a template's comment: the base statements skipped while building it (JSON). */
const SKIPPED = '\nskipped: ';
/** PostgreSQL 16 made CREATEROLE safe: a role administers only the roles it created and grants only what it has. */
const SAFE_CREATEROLE_MAJOR = 16;
/** The grantor Postgres 16+ records for the ADMIN OPTION a CREATEROLE role gets on each role it creates. */
const BOOTSTRAP_SUPERUSER_OID = 10;

/**
 * The Postgres side of every provider that owns a server: base templates (one per content of
 * the deployed history, shared across processes by name), one database and one login role
 * per review, and the privileged control connections. Roles:
 * - `<prefix>object_owner` (NOLOGIN) owns everything a base history creates;
 * - `<prefix>b_<stamp>_<id>` builds templates as that owner (one per process);
 * - `<prefix>r_<stamp>_<id>` runs one review: owns its clone, is a member of the object owner,
 *   and cannot drop, connect to or signal any other review's database.
 * Names carry their creation time (base 36), so `sweepLeftovers` can remove what a crashed
 * process left behind.
 *
 * Roles the migrations create are global to the server, so their names are rewritten per scope
 * (`RoleNames`): `<prefix>t<base key>_<name>` for a base template's roles (made by its build,
 * shared by every clone, dropped with the template), `<prefix>u<time><id>_<name>` for one review's
 * (dropped with its branch). On PostgreSQL 16+ the builder and each review role have CREATEROLE,
 * which there only lets a role administer the roles it created and grant what it holds itself;
 * after a build the administrator takes the base roles over, so no review can alter them. On
 * 14/15 CREATEROLE could grant itself any role, so no migration may create roles; only a preset's
 * roles exist, made by the administrator.
 */
export class ClusterSandbox implements Sandbox {
  private readonly bases = new Map<string, Promise<BaseState>>();
  /** Template name → content key, to forget an evicted template. */
  private readonly keysByTemplate = new Map<string, string>();
  private readonly branches = new Set<Branch>();
  /** Branches being dropped in the background (Branch.dropInBackground); close() waits for them. */
  private readonly drops = new Set<Promise<void>>();
  /** Template name → a branch being cloned or ready for the next review (option `spareBranch`). */
  private readonly spares = new Map<string, Promise<SpareBranch | undefined>>();
  private closed = false;
  private readonly objectOwner: string;

  protected constructor(
    private readonly options: ClusterSandboxOptions,
    parts: ClusterConnection,
  ) {
    this.objectOwner = `${options.prefix}object_owner`;
    this.admin = parts.admin;
    this.builder = parts.builder;
    this.serverVersion = parts.version;
    this.majorVersion = parts.major;
  }

  protected readonly admin: pg.Pool;
  private readonly builder: { role: string; password: string };
  readonly serverVersion: string;
  readonly majorVersion: number;

  /** Connects to a server this process does not own (the `server` provider). */
  static async open(options: ClusterSandboxOptions): Promise<ClusterSandbox> {
    return new ClusterSandbox(options, await connectCluster(options));
  }

  prepareBase(files: ParsedFile[], options: BaseOptions = {}): Promise<BaseState> {
    const key = contentKey(files, options);
    let base = this.bases.get(key);
    if (!base) {
      base = this.findOrBuildBase(key, files, options);
      this.bases.set(key, base);
      // A failed build is not cached: the next review tries again and reports its own error.
      base.catch(() => this.bases.delete(key));
    }
    return base;
  }

  private async findOrBuildBase(key: string, files: ParsedFile[], options: BaseOptions): Promise<BaseState> {
    const templateDatabase = `${this.options.prefix}base_${key.slice(0, 16)}`;
    this.keysByTemplate.set(templateDatabase, key);
    const tag = key.slice(0, BASE_TAG_LENGTH);
    const scope = this.baseRoleScope(tag);
    const roles = Object.fromEntries([...new Set([...(options.roles ?? []), ...listCreatedRoles(files)])].map((name) => [name, scopedRoleName(scope, name)]));
    const state = (skipped: SkippedStatement[]): BaseState => ({
      templateDatabase,
      ...(Object.keys(roles).length > 0 ? { roles } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
    });
    // One build of a base at a time across processes (its roles have one name per base); the
    // second finds the first one's template.
    return this.withBaseLock(tag, async () => {
      const found = await this.readTemplateSkipped(templateDatabase);
      if (found) return state(found);
      // Built under a temporary name and renamed when complete, so another process never clones
      // a half-built template.
      const building = `${this.options.prefix}tmp_${stamp()}_${randomBytes(4).toString('hex')}`;
      const names = new RoleNames(new Map(Object.entries(roles)), undefined, this.majorVersion < SAFE_CREATEROLE_MAJOR ? cannotCreateRoles(this.serverVersion, 'the base history') : undefined);
      let skipped: SkippedStatement[];
      try {
        skipped = await this.buildTemplate(building, files, { names, presetRoles: (options.roles ?? []).map((name) => roles[name]!), superuserStatements: options.superuserStatements ?? 'fail' });
        await this.admin.query(`ALTER DATABASE ${building} RENAME TO ${templateDatabase}`);
        await this.admin.query(`ALTER DATABASE ${templateDatabase} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      } catch (error) {
        await this.dropDatabase(building).catch(() => undefined);
        await this.dropRolesOfScope(scope).catch(() => undefined);
        if (error instanceof Error) error.message = restoreRoleNames(error.message, names.toAuthorNames());
        throw error;
      }
      await this.touch(templateDatabase, skipped);
      await this.evictTemplates(templateDatabase).catch(() => undefined);
      return state(skipped);
    });
  }

  private baseRoleScope(tag: string): string {
    return `${this.options.prefix}t${tag}`;
  }

  /** Runs `work` holding the server-wide advisory lock of one base (released if the process dies). */
  private async withBaseLock<T>(tag: string, work: () => Promise<T>): Promise<T> {
    const client = await this.admin.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1::int8)', [parseInt(tag, 16)]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::int8)', [parseInt(tag, 16)]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  /**
   * Drops every role of a scope (a base template's), after what depends on them in the
   * administrator's database; a role still used by a database (a clone) stays for a later sweep.
   */
  private async dropRolesOfScope(scope: string): Promise<void> {
    const roles = await this.admin.query<{ name: string }>('SELECT rolname AS name FROM pg_roles WHERE starts_with(rolname, $1)', [`${scope}_`]);
    for (const { name } of roles.rows) await this.dropRole(name).catch(() => undefined);
  }

  private async buildTemplate(
    database: string,
    files: ParsedFile[],
    roles: { names: RoleNames; presetRoles: string[]; superuserStatements: 'fail' | 'skip' },
  ): Promise<SkippedStatement[]> {
    // Owned by the administrator so no review can drop or reopen it; the builder creates its
    // objects as the object owner (its sessions start with SET ROLE to it).
    await this.admin.query(`CREATE DATABASE ${database}`);
    try {
      await this.admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
      // Only the builder may connect; review roles share the object owner's privileges, not this.
      await this.admin.query(`GRANT CONNECT ON DATABASE ${database} TO ${this.builder.role}`);
      await this.admin.query(`GRANT CREATE, TEMPORARY ON DATABASE ${database} TO ${this.objectOwner}`);
      await this.withDatabaseAsAdmin(database, (client) => client.query(`ALTER SCHEMA public OWNER TO ${this.objectOwner}`));
      // A preset's roles (Supabase's anon, authenticated...): made by the administrator from
      // their names alone, NOLOGIN and without attributes, so they exist on every major.
      for (const role of roles.presetRoles) await this.admin.query(`CREATE ROLE ${quoteRole(role)} NOLOGIN NOINHERIT`);
      const client = await this.connectAs(this.builder.role, this.builder.password, database, 'pg-dba-review base');
      let skipped: SkippedStatement[];
      try {
        const pid = await backendPid(client);
        skipped = await applyMigrations(
          { client, pid, control: this.control, limitMs: this.options.statementLimitMs ?? DEFAULT_STATEMENT_LIMIT_MS, rewrite: roles.names.rewrite },
          files,
          {
            defaultRole: this.objectOwner,
            superuserStatements: roles.superuserStatements,
            // The base objects' owner joins each role the base creates, so `OWNER TO` that role
            // works in the base and reviews (members of the owner) can still alter those objects.
            afterRoleStatement: (session) =>
              session
                .query(
                  `SELECT r.rolname AS name FROM pg_catalog.pg_auth_members a JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.roleid
                    WHERE a.member OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) $1) AND a.admin_option
                      AND NOT pg_catalog.pg_has_role($2, r.oid, 'MEMBER')`,
                  [this.builder.role, this.objectOwner],
                )
                .then(async (result: pg.QueryResult<{ name: string }>) => {
                  for (const { name } of result.rows) await session.query(`GRANT ${quoteRole(name)} TO ${this.objectOwner}`);
                }),
          },
        );
      } finally {
        await client.end().catch(() => undefined);
      }
      if (this.majorVersion >= SAFE_CREATEROLE_MAJOR) await this.adoptBaseRoles(new Set(roles.names.toAuthorNames().keys()));
      return skipped.map((s) => ({ ...s, reason: restoreRoleNames(s.reason, roles.names.toAuthorNames()) }));
    } catch (error) {
      await this.dropDatabase(database).catch(() => undefined);
      throw error;
    }
  }

  /**
   * After a build, the roles the builder created become the administrator's: memberships the
   * builder granted are granted again by the administrator (they would go with the builder),
   * the builder's ADMIN OPTION on them is revoked (no later base or review can alter them), and
   * they cannot log in (nobody needs to; a password in a history must not open the server).
   * A role the build created outside its CREATE ROLE statements (dynamic SQL) has no name of the
   * base's: the build fails rather than leave it on the server.
   */
  private async adoptBaseRoles(baseRoles: Set<string>): Promise<void> {
    const created = await this.rolesAdministeredBy(this.builder.role);
    const stray = created.filter((role) => !baseRoles.has(role));
    if (stray.length > 0) {
      for (const role of stray) await this.dropRole(role).catch(() => undefined);
      throw new SandboxError(`the base history created ${stray.length} role(s) outside CREATE ROLE statements (dynamic SQL), which the review cannot keep apart from other reviews' roles`);
    }
    for (const role of created) {
      const granted = await this.admin.query<{ member: string; admin: boolean }>(
        `SELECT m.rolname AS member, a.admin_option AS admin FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member
          WHERE a.roleid = (SELECT oid FROM pg_roles WHERE rolname = $1) AND a.grantor = (SELECT oid FROM pg_roles WHERE rolname = $2)`,
        [role, this.builder.role],
      );
      for (const { member, admin } of granted.rows) {
        if (!baseRoles.has(member) && member !== this.objectOwner) continue; // only between the base's own roles (and its owner)
        await this.admin.query(`GRANT ${quoteRole(role)} TO ${quoteRole(member)}${admin ? ' WITH ADMIN OPTION' : ''}`);
      }
      await this.admin.query(`REVOKE ${quoteRole(role)} FROM ${this.builder.role} CASCADE`);
      // Reviews reach these roles through the object owner: none may create roles or databases.
      await this.admin.query(`ALTER ROLE ${quoteRole(role)} NOLOGIN NOCREATEROLE NOCREATEDB`);
    }
  }

  /** Roles that `role` created on PostgreSQL 16+ (it holds the creator's ADMIN OPTION on them), the roles those created, and so on. */
  private async rolesAdministeredBy(role: string): Promise<string[]> {
    const result = await this.admin.query<{ name: string }>(
      `WITH RECURSIVE created(oid) AS (
         SELECT a.roleid FROM pg_auth_members a WHERE a.member = (SELECT oid FROM pg_roles WHERE rolname = $1) AND a.admin_option AND a.grantor = $2::oid
         UNION
         SELECT a.roleid FROM pg_auth_members a JOIN created c ON a.member = c.oid WHERE a.admin_option AND a.grantor = $2::oid
       )
       SELECT r.rolname AS name FROM created c JOIN pg_roles r ON r.oid = c.oid`,
      [role, BOOTSTRAP_SUPERUSER_OID],
    );
    return result.rows.map((r) => r.name);
  }

  async openBranch(base: BaseState): Promise<Branch> {
    if (!this.options.spareBranch) return (await this.createBranch(base)).branch;
    const spare = (await this.takeSpare(base.templateDatabase)) ?? (await this.createBranch(base));
    // Cloned while this review runs: the next review of the base finds it ready.
    this.refillSpare(base);
    return spare.branch;
  }

  /** The spare branch of a template, if one was made and still exists (a sweeper may have removed an old one). */
  private async takeSpare(templateDatabase: string): Promise<SpareBranch | undefined> {
    const pending = this.spares.get(templateDatabase);
    if (!pending) return undefined;
    this.spares.delete(templateDatabase);
    const spare = await pending;
    if (!spare) return undefined;
    const found = await this.admin
      .query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) AS found', [spare.branch.database, spare.role])
      .then((result) => result.rows[0]?.found === true)
      .catch(() => false);
    if (found) return spare;
    await spare.branch.drop().catch(() => undefined);
    return undefined;
  }

  private refillSpare(base: BaseState): void {
    if (this.closed || this.spares.has(base.templateDatabase)) return;
    this.spares.set(
      base.templateDatabase,
      // A failed clone is no error of any review: the next review clones for itself.
      this.createBranch(base).then(
        async (spare) => {
          if (!this.closed) return spare;
          await spare.branch.drop().catch(() => undefined);
          return undefined;
        },
        () => undefined,
      ),
    );
  }

  /** Resolves once no spare branch is being cloned and no branch dropped in the background (tests, benchmarks). */
  async sparesSettled(): Promise<void> {
    await Promise.all([...this.spares.values(), ...this.drops]);
  }

  private async dropSpare(templateDatabase: string): Promise<void> {
    const pending = this.spares.get(templateDatabase);
    this.spares.delete(templateDatabase);
    await (await pending)?.branch.drop().catch(() => undefined);
  }

  private async createBranch(base: BaseState): Promise<SpareBranch> {
    const id = `${stamp()}_${randomBytes(4).toString('hex')}`;
    const database = `${this.options.prefix}review_${id}`;
    const role = `${this.options.prefix}r_${id}`;
    const password = randomBytes(18).toString('base64url');
    const canCreateRoles = this.majorVersion >= SAFE_CREATEROLE_MAJOR;
    await this.createLoginRole(role, password, canCreateRoles);
    try {
      await this.admin.query(`GRANT ${this.objectOwner} TO ${role}`);
      // FILE_COPY (15+): with fsync off its checkpoints are cheap, and on a 1,000-table base it
      // cloned in ~0.55 s where the default WAL_LOG took 0.5–2.2 s.
      const strategy = this.majorVersion >= 15 ? ' STRATEGY FILE_COPY' : '';
      await this.admin.query(`CREATE DATABASE ${database} TEMPLATE ${base.templateDatabase} OWNER ${role}${strategy}`);
      await this.admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
      // Database privileges are not cloned with the template. Code that runs as the base
      // objects' owner (REFRESH MATERIALIZED VIEW CONCURRENTLY's temp tables, SECURITY DEFINER
      // functions) needs them here too; the owner role has no CONNECT, so other reviews still
      // cannot get in.
      await this.admin.query(`GRANT CREATE, TEMPORARY ON DATABASE ${database} TO ${this.objectOwner}`);
    } catch (error) {
      await this.dropDatabase(database).catch(() => undefined);
      await this.admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      throw error;
    }
    await this.touch(base.templateDatabase).catch(() => undefined);
    const names = new RoleNames(
      new Map(Object.entries(base.roles ?? {})),
      `${this.options.prefix}u${stamp()}${randomBytes(2).toString('hex')}`,
      canCreateRoles ? undefined : cannotCreateRoles(this.serverVersion, 'a new migration'),
    );
    const branch: Branch = {
      database,
      connect: (purpose) => this.connectAs(role, password, database, purpose),
      control: this.control,
      rewriteSql: names.rewrite,
      roleNames: () => names.toAuthorNames(),
      applyTableStats: (hints) => this.applyTableStats(database, hints),
      holdRelationLocks: (oids, mode) => holdRelationLocks(() => this.connectAsAdmin(database, 'pg-dba-review lock holder'), oids, mode),
      drop: async () => {
        this.branches.delete(branch);
        await this.dropDatabase(database);
        await this.dropReviewRole(role);
      },
      dropInBackground: () => {
        // A drop that fails leaves the database to the sweeper, as a crashed review would.
        const dropping: Promise<void> = branch.drop().catch(() => undefined).finally(() => this.drops.delete(dropping));
        this.drops.add(dropping);
      },
    };
    this.branches.add(branch);
    return { branch, role };
  }

  /**
   * Whether the server still answers the administrator: after a migration lost its connection,
   * tells a dead cluster (crash, OOM kill) from a migration that ended its own session.
   */
  async isAlive(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.admin.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A review that ends during the close may start one more drop meanwhile.
    while (this.drops.size > 0) await Promise.all([...this.drops]);
    for (const template of [...this.spares.keys()]) await this.dropSpare(template);
    for (const branch of [...this.branches]) await branch.drop().catch(() => undefined);
    await this.dropRole(this.builder.role).catch(() => undefined);
    await this.admin.end().catch(() => undefined);
  }

  /**
   * Removes what crashed processes left behind: review databases and roles, builder roles and
   * half-built templates older than `olderThanMs`, found by this sandbox's prefix.
   */
  async sweepLeftovers(olderThanMs: number): Promise<{ databases: string[]; roles: string[] }> {
    const cutoff = Date.now() - olderThanMs;
    const old = (name: string, kind: string) => {
      const match = new RegExp(`^${this.options.prefix}${kind}_([0-9a-z]+)_`).exec(name);
      return match !== null && parseInt(match[1]!, 36) < cutoff;
    };
    const databases = (await this.admin.query<{ name: string }>('SELECT datname AS name FROM pg_database')).rows
      .map((r) => r.name)
      .filter((name) => old(name, 'review') || old(name, 'tmp'));
    for (const name of databases) await this.dropDatabase(name);
    const all = (await this.admin.query<{ name: string }>('SELECT rolname AS name FROM pg_roles')).rows.map((r) => r.name);
    const roles = all.filter((name) => old(name, 'r') || (old(name, 'b') && name !== this.builder.role));
    for (const name of roles) await this.dropReviewRole(name);
    // Roles a review created that outlived it (a drop that failed), by the time in their scope.
    const reviewScoped = all.filter((name) => {
      const match = new RegExp(`^${this.options.prefix}u([0-9a-z]{8})[0-9a-f]{4}_`).exec(name);
      return match !== null && parseInt(match[1]!, 36) < cutoff;
    });
    for (const name of reviewScoped) await this.dropRole(name).catch(() => undefined);
    return { databases, roles: [...roles, ...reviewScoped, ...(await this.sweepBaseRoles(all))] };
  }

  /** Roles of base templates that no longer exist, unless a build of that base holds its lock. */
  private async sweepBaseRoles(all: string[]): Promise<string[]> {
    const pattern = new RegExp(`^${this.options.prefix}t([0-9a-f]{${BASE_TAG_LENGTH}})_`);
    const tags = new Set(all.map((name) => pattern.exec(name)?.[1]).filter((t): t is string => t !== undefined));
    const databases = (await this.admin.query<{ name: string }>('SELECT datname AS name FROM pg_database')).rows.map((r) => r.name);
    const swept: string[] = [];
    for (const tag of tags) {
      if (databases.some((name) => name.startsWith(`${this.options.prefix}base_${tag}`))) continue;
      const client = await this.admin.connect();
      try {
        const locked = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int8) AS locked', [parseInt(tag, 16)])).rows[0]?.locked;
        if (!locked) continue;
        try {
          const scope = this.baseRoleScope(tag);
          await this.dropRolesOfScope(scope);
          swept.push(...all.filter((name) => name.startsWith(`${scope}_`)));
        } finally {
          await client.query('SELECT pg_advisory_unlock($1::int8)', [parseInt(tag, 16)]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    }
    return swept;
  }

  /** A review's role, after the roles it created (PostgreSQL 16+), which nobody else administers. */
  private async dropReviewRole(role: string): Promise<void> {
    if (this.majorVersion >= SAFE_CREATEROLE_MAJOR) {
      for (const created of await this.rolesAdministeredBy(role)) await this.dropRole(created).catch(() => undefined);
    }
    await this.dropRole(role);
  }

  /**
   * A builder keeps CONNECT on the templates it built (a privilege on a shared object), which
   * blocks DROP ROLE: DROP OWNED BY revokes it first (the role owns no objects of its own).
   */
  private async dropRole(role: string): Promise<void> {
    const exists = await this.admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) return;
    await this.admin.query(`DROP OWNED BY ${quoteRole(role)}`);
    await this.admin.query(`DROP ROLE IF EXISTS ${quoteRole(role)}`);
  }

  readonly control: BackendControl = {
    cancel: async (pid) => {
      await this.admin.query('SELECT pg_cancel_backend($1)', [pid]);
    },
    terminate: async (pid) => {
      await this.admin.query('SELECT pg_terminate_backend($1)', [pid]);
    },
    listRelationLocks: async (pid) => {
      const result = await this.admin.query<{ oid: string; mode: string; granted: boolean }>(
        `SELECT relation::int8 AS oid, mode, granted FROM pg_locks WHERE pid = $1 AND locktype = 'relation'`,
        [pid],
      );
      return result.rows.map((row): RelationLock => ({ oid: Number(row.oid), mode: row.mode, granted: row.granted }));
    },
    listLockWaits: async (pid) => {
      const result = await this.admin.query<{ locks: Array<[number, string, boolean]>; blocked_by: number[] }>(
        `SELECT COALESCE((SELECT json_agg(json_build_array(relation::int8, mode, granted)) FROM pg_locks WHERE pid = $1 AND locktype = 'relation'), '[]') AS locks,
                pg_blocking_pids($1) AS blocked_by`,
        [pid],
      );
      const row = result.rows[0]!;
      return { locks: row.locks.map(([oid, mode, granted]): RelationLock => ({ oid: Number(oid), mode, granted })), blockedBy: row.blocked_by };
    },
    databaseSize: async (pid) => {
      const result = await this.admin.query<{ size: string }>(
        'SELECT pg_database_size(datid)::int8 AS size FROM pg_stat_activity WHERE pid = $1',
        [pid],
      );
      return result.rows[0] ? Number(result.rows[0].size) : undefined;
    },
  };

  private async createLoginRole(role: string, password: string, createRole: boolean): Promise<void> {
    await this.admin.query(
      `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB ${createRole ? 'CREATEROLE' : 'NOCREATEROLE'} NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${ROLE_CONNECTION_LIMIT} PASSWORD '${password}'`,
    );
    // temp_file_limit can only be changed by a superuser, so this one the migration cannot lift.
    await this.admin.query(`ALTER ROLE ${role} SET temp_file_limit = '${TEMP_FILE_LIMIT}'`);
    // 16+: a role it creates is one it may also SET ROLE to and inherit from, as the creator was
    // before 16, so `ALTER TABLE ... OWNER TO` a role the migration created works.
    if (createRole) await this.admin.query(`ALTER ROLE ${role} SET createrole_self_grant = 'set, inherit'`);
  }

  protected async connectAs(user: string, password: string, database: string, purpose: string): Promise<pg.Client> {
    const open = async () => {
      const client = new pg.Client({ ...serverOf(this.options.admin), user, password, database, application_name: purpose });
      guardProtocol(client);
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    try {
      return await open();
    } catch (error) {
      // A role may change its own password (ALTER ROLE CURRENT_USER PASSWORD '…' in a
      // migration): the review's next session would fail to log in and the review come back
      // empty. The administrator sets the review's password again, and the session is retried once.
      if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
      // A role that is gone (dropped with its branch) gets the login error, not the repair's.
      const reset = await this.admin.query(`ALTER ROLE ${quoteRole(user)} PASSWORD '${password}' VALID UNTIL 'infinity'`).then(() => true, () => false);
      if (!reset) throw error;
      return await open();
    }
  }

  /** An administrator session on a review database, with the settings fixed at connection start. */
  protected async connectAsAdmin(database: string, purpose?: string): Promise<pg.Client> {
    const client = new pg.Client({ ...this.options.admin, database, options: ADMIN_SESSION_OPTIONS, ...(purpose ? { application_name: purpose } : {}) });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  protected async withDatabaseAsAdmin<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.connectAsAdmin(database);
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Planner size hints: sets reltuples/relpages of plain tables and materialized views so that
   * EXPLAIN estimates production row counts. The planner scales by the table's real page count,
   * so the density is set to hint rows per real page. Catalog-only, as administrator (pg_class
   * is not writable otherwise): no user object is resolved or fired. A failure only skips hints.
   */
  private async applyTableStats(database: string, hints: TableStatsHint[]): Promise<AppliedTableStats[]> {
    if (hints.length === 0) return [];
    try {
      return await this.withDatabaseAsAdmin(database, async (client) => {
        const applied: AppliedTableStats[] = [];
        for (const hint of hints) {
          const dot = hint.table.indexOf('.');
          const [schema, name] = dot >= 0 ? [hint.table.slice(0, dot), hint.table.slice(dot + 1)] : ['public', hint.table];
          const table = `${schema}.${name}`;
          const found = await client.query<{ oid: string; pages: string }>(
            `SELECT c.oid::int8 AS oid, (pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int8) AS pages
               FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'm')`,
            [schema, name],
          );
          const row = found.rows[0];
          if (!row) {
            applied.push({ table, rows: hint.rows, skipped: 'no such table in the sandbox' });
          } else if (Number(row.pages) === 0) {
            applied.push({ table, rows: hint.rows, skipped: 'the table has no data in the sandbox, and the planner scales row counts by data pages' });
          } else {
            await client.query('UPDATE pg_catalog.pg_class SET reltuples = $2::float4, relpages = $3::int4 WHERE oid = $1::pg_catalog.oid', [row.oid, hint.rows, row.pages]);
            applied.push({ table, rows: hint.rows });
          }
        }
        return applied;
      });
    } catch (error) {
      return hints.map(({ table, rows }) => ({ table, rows, skipped: `could not set planner statistics: ${errorMessage(error)}` }));
    }
  }

  /** The statements skipped when the template was built (none: `[]`), or undefined when there is no such template. */
  private async readTemplateSkipped(database: string): Promise<SkippedStatement[] | undefined> {
    const result = await this.admin.query<{ comment: string | null }>(
      `SELECT pg_catalog.shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1 AND datistemplate`,
      [database],
    );
    if (result.rowCount !== 1) return undefined;
    const comment = result.rows[0]!.comment ?? '';
    const at = comment.indexOf(SKIPPED);
    try {
      return at < 0 ? [] : (JSON.parse(comment.slice(at + SKIPPED.length)) as SkippedStatement[]);
    } catch {
      return [];
    }
  }

  /**
   * Records the last use in the template's comment, which every process can read, and keeps
   * (or, at build, writes) the list of base statements skipped in it.
   */
  private async touch(templateDatabase: string, skipped?: SkippedStatement[]): Promise<void> {
    const kept = skipped === undefined ? await this.readTemplateSkipped(templateDatabase) : skipped;
    const text = `${LAST_USED}${new Date().toISOString()}${kept && kept.length > 0 ? `${SKIPPED}${JSON.stringify(kept)}` : ''}`;
    await this.admin.query(`COMMENT ON DATABASE ${templateDatabase} IS '${text.replace(/'/g, "''")}'`);
  }

  private async evictTemplates(keep: string): Promise<void> {
    const cap = this.options.templateCap ?? DEFAULT_TEMPLATE_CAP;
    const templates = (
      await this.admin.query<{ name: string; comment: string | null }>(
        `SELECT d.datname AS name, pg_catalog.shobj_description(d.oid, 'pg_database') AS comment
           FROM pg_database d WHERE d.datistemplate AND d.datname LIKE $1`,
        [`${this.options.prefix}base\\_%`],
      )
    ).rows
      .map((t) => ({ name: t.name, usedAt: t.comment?.startsWith(LAST_USED) ? t.comment.slice(LAST_USED.length).split('\n')[0]! : '' }))
      .sort((a, b) => a.usedAt.localeCompare(b.usedAt));
    for (const template of templates.slice(0, Math.max(0, templates.length - cap))) {
      if (template.name === keep) continue;
      // A template being cloned right now refuses to drop; it is simply kept this time.
      await this.admin.query(`ALTER DATABASE ${template.name} WITH IS_TEMPLATE false`).catch(() => undefined);
      await this.dropDatabase(template.name).catch(() => undefined);
      await this.dropSpare(template.name);
      // Its roles go with it (those still used by a clone stay for the sweeper).
      const tag = template.name.slice(`${this.options.prefix}base_`.length, `${this.options.prefix}base_`.length + BASE_TAG_LENGTH);
      await this.dropRolesOfScope(this.baseRoleScope(tag)).catch(() => undefined);
      const key = this.keysByTemplate.get(template.name);
      if (key) this.bases.delete(key);
    }
  }

  protected async dropDatabase(database: string): Promise<void> {
    await this.admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

interface SpareBranch {
  branch: Branch;
  role: string;
}

export interface ClusterConnection {
  admin: pg.Pool;
  builder: { role: string; password: string };
  version: string;
  major: number;
}

/** Connects as administrator, reads the version and creates this process's roles. */
export async function connectCluster(options: ClusterSandboxOptions): Promise<ClusterConnection> {
  const admin = createAdminPool(options.admin);
  try {
    const { version, major } = await readVersion(admin);
    const builder = await bootstrapRoles(admin, options, major);
    return { admin, builder, version, major };
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw new SandboxError(`preparing PostgreSQL at ${describeServer(options.admin)}: ${errorMessage(error)}`);
  }
}

function createAdminPool(admin: pg.ClientConfig): pg.Pool {
  // Catalog-only work, with the search path pinned to pg_catalog so no user object is ever
  // resolved. A pool, so one review's lock polling never delays another's watchdog.
  const pool = new pg.Pool({ ...admin, application_name: 'pg-dba-review control', options: '-c search_path=pg_catalog', max: 10 });
  pool.on('error', () => undefined);
  return pool;
}

async function readVersion(admin: pg.Pool): Promise<{ version: string; major: number }> {
  const raw = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const version = raw.split(' ')[0]!;
  return { version, major: Number(version.split('.')[0]) };
}

async function bootstrapRoles(admin: pg.Pool, options: ClusterSandboxOptions, major: number): Promise<{ role: string; password: string }> {
  const owner = `${options.prefix}object_owner`;
  await admin
    .query(`CREATE ROLE ${owner} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`)
    .catch((error: { code?: string }) => {
      if (error.code !== '42710') throw error; // another process created it first
    });
  const role = `${options.prefix}b_${stamp()}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  // CREATEROLE on 16+ only, for the base history's CREATE ROLE statements (see ClusterSandbox).
  const createRole = major >= SAFE_CREATEROLE_MAJOR ? 'CREATEROLE' : 'NOCREATEROLE';
  await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB ${createRole} NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${ROLE_CONNECTION_LIMIT} PASSWORD '${password}'`);
  await admin.query(`ALTER ROLE ${role} SET temp_file_limit = '${TEMP_FILE_LIMIT}'`);
  await admin.query(`GRANT ${owner} TO ${role}`);
  // The builder acts as the object owner from its first statement (a base history that
  // resets the role only hurts its own reviews).
  await admin.query(`ALTER ROLE ${role} SET role = '${owner}'`);
  if (options.lockDownDefaultDatabases) await admin.query('REVOKE CONNECT ON DATABASE postgres, template1 FROM PUBLIC');
  return { role, password };
}

/** Host, port and TLS settings of the admin connection, without its identity. */
function serverOf(admin: pg.ClientConfig): pg.ClientConfig {
  const { user: _user, password: _password, database: _database, connectionString: _cs, ...server } = admin;
  return server;
}

function describeServer(admin: pg.ClientConfig): string {
  return `${admin.host ?? 'localhost'}:${admin.port ?? 5432}`;
}

function stamp(): string {
  return Date.now().toString(36);
}

function contentKey(files: ParsedFile[], options: BaseOptions): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file.path).update('\0');
    for (const statement of file.statements) hash.update(statement.text).update('\0');
    hash.update(file.parseError?.message ?? '').update(file.noTransaction ? '\0no transaction' : '').update('\n');
  }
  hash.update(`roles:${JSON.stringify(options.roles ?? [])}\0superuser statements:${options.superuserStatements ?? 'fail'}`);
  return hash.digest('hex');
}

/** SQLSTATE 28P01: password authentication failed (also for an expired password). */
const INVALID_PASSWORD = '28P01';

/** Hex digits of the base key in its roles' names (and the key of its build lock). */
const BASE_TAG_LENGTH = 10;

function quoteRole(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Why a migration cannot create roles on PostgreSQL 14/15, said instead of "permission denied to create role". */
function cannotCreateRoles(version: string, who: string): string {
  return (
    `CREATE ROLE in ${who} is not supported on PostgreSQL ${version.split('.')[0]}: before PostgreSQL 16 a role allowed to create roles can grant itself ` +
    'any role, including pg_execute_server_program, so the review role has no CREATEROLE there. Review on PostgreSQL 16 or later ' +
    '(postgres.version, --pg-version), or let a preset make the roles production already has (the supabase preset does)'
  );
}
