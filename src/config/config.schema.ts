import { z } from 'zod';
import { DEFAULT_MAJOR, SUPPORTED_MAJORS } from '../sandbox/supported-versions.js';

/** A regular expression given as a string; checked to compile. */
const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);

/** How one rule is applied: `rules: { <rule-name>: { severity, exclude } }`. */
export const ruleSettingsSchema = z
  .object({
    /** Replaces the rule's default severity; `off` stops the rule from running. Only `error` fails the check. */
    severity: z.enum(['error', 'warning', 'info', 'off']).optional(),
    /** Globs of migration files (repository paths) this rule does not judge. */
    exclude: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** Naming conventions judged by the `naming-convention` rule: one regular expression per kind of name. */
export const namingSchema = z
  .object({
    /** Table, view and materialized view names. */
    table: pattern.default('^[a-z][a-z0-9_]*$'),
    /** Column names. */
    column: pattern.default('^[a-z][a-z0-9_]*$'),
    /** Index names (CREATE INDEX ... name). */
    index: pattern.default('^[a-z][a-z0-9_]*$'),
    /** Named constraints (CONSTRAINT name ...). */
    constraint: pattern.default('^[a-z][a-z0-9_]*$'),
  })
  .strict();

/** `.github/pg-dba-review.yml`: every key has a default, so an empty file works. */
export const configSchema = z
  .object({
    /** Which files are migrations, as globs relative to the repository root. */
    migrations: z
      .object({
        /** Globs of migration files; matched files are applied in natural path order. */
        include: z.array(z.string().min(1)).min(1).default(['**/migrations/**/*.sql', '**/migrate/**/*.sql']),
        /** Globs to leave out (seeds, rollbacks kept beside the migrations...). */
        exclude: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    postgres: z
      .object({
        /** The Postgres major of production: plans, locks and syntax differ between majors. */
        version: z
          .number()
          .int()
          .refine((v) => (SUPPORTED_MAJORS as number[]).includes(v), { message: `must be one of ${SUPPORTED_MAJORS.join(', ')}` })
          .default(DEFAULT_MAJOR),
      })
      .strict()
      .prefault({}),
    /** Queries the application runs, EXPLAINed before and after the migrations. */
    queries: z.array(z.string().min(1)).default([]),
    /**
     * Per-rule severity and exclusions, keyed by rule name (an unknown name is an error), e.g.
     * `rules: { prefer-bigint-keys: { severity: off }, ban-drop-column: { exclude: ['db/cleanup/**'] } }`.
     */
    rules: z.record(z.string(), ruleSettingsSchema).default({}),
    /** Patterns for the `naming-convention` rule; every name must match its kind's pattern. */
    naming: namingSchema.prefault({}),
    /** Longest a single statement may run in the sandbox before the review cancels it, in seconds. */
    statementTimeoutSeconds: z.number().positive().max(3600).default(120),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export type RuleSettings = z.infer<typeof ruleSettingsSchema>;
export type RulesConfig = Config['rules'];
export type NamingConfig = z.infer<typeof namingSchema>;
