import picomatch from 'picomatch';
import type { RulesConfig } from '../config/config.schema.js';
import { describeLockEstimate, judgeAgainstBudget } from '../estimate/describe-lock-estimate.js';
import type { LockEstimate } from '../estimate/lock-estimate.js';
import type { LockBudget } from '../review/review-request.js';
import type { Directive, ParsedDirectives } from '../sql/parse-directives.js';
import type { ParsedFile } from '../sql/parsed-statement.js';
import type { InspectionSection } from '../inspect/inspection.js';
import type { FindingEvidence, Rule, RuleContext, Severity } from './define-rule.js';
import { rules } from './index.js';
import { unusedIgnoreDirective } from './unused-ignore-directive.js';

export type { FindingEvidence };

/**
 * The one judgement of the review: the comment, the check and its annotations, the JSON,
 * SARIF, the verdict and the exit code all read the same list of these.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  /** The statement's line; 0 when no line of the new files caused it (`origin: "base"`). */
  line: number;
  message: string;
  fix: string;
  /** The comment's DBA section it belongs in (findings judged from the catalog). */
  section?: InspectionSection;
  /** "base": the object was already so in the base history; the reviewed change only touched it. */
  origin?: 'base';
  /** What was measured behind it (objects, rows, bytes, the suggested SQL); open for more fields. */
  evidence?: FindingEvidence;
  /** How long the statement would block the table on production, when production's size is known. */
  estimate?: FindingEstimate;
}

/** A finding's lock time on production, and how it stands against the lock budget. */
export interface FindingEstimate {
  table: string;
  blocks: string[];
  productionRows: number;
  method: LockEstimate['method'];
  /** The lock on production, estimated; absent when no estimate could be made (see `reason`). */
  heldMs?: number;
  budgetMs?: number;
  withinBudget?: boolean;
  reason?: string;
}

export interface RuleOutcome {
  findings: Finding[];
  /** Rules that need the trace (or the catalog) when it was not there: not evaluated, not passed. */
  notEvaluated: string[];
}

export interface RunRulesOptions {
  /** Config `rules`: severity overrides (`off` disables) and excluded file globs per rule. */
  config?: RulesConfig;
  /** Inline directives per migration path (see sql/parse-directives.ts). */
  directives?: Record<string, ParsedDirectives>;
  /** Lock times on production (src/estimate), judged against `lockBudget` for rules whose danger is lock time. */
  estimates?: LockEstimate[];
  lockBudget?: LockBudget;
}

/**
 * Runs every enabled rule (a hit about what the base history already had, `origin: "base"`,
 * is reported as info), then:
 *   1. applies the config: severity overrides, `off`, and per-rule file exclusions; then, for
 *      the rules judged by lock time, production's estimated lock time against the lock budget
 *      (judgeLockTime; a severity set in the config stands);
 *   2. applies inline directives: `ignore` suppresses a rule on one statement, `ignore-file` in
 *      the whole file; a directive that suppresses nothing is reported (unused-ignore-directive).
 */
export function runRules(context: RuleContext, traced: boolean, options: RunRulesOptions = {}): RuleOutcome {
  const config = options.config ?? {};
  const findings: Finding[] = [];
  const notEvaluated: string[] = [];
  const excluded = (rule: string, file: string) => {
    const globs = config[rule]?.exclude ?? [];
    return globs.length > 0 && picomatch(globs, { dot: true })(file);
  };
  const severityOf = (rule: Rule): Severity | 'off' => config[rule.name]?.severity ?? rule.meta.severity;

  for (const rule of Object.values(rules) as Rule[]) {
    const severity = severityOf(rule);
    if (severity === 'off') continue;
    if ((rule.needs.includes('trace') && !traced) || (rule.needs.includes('catalog') && !context.catalog)) {
      notEvaluated.push(rule.name);
      continue;
    }
    for (const hit of rule.check(context)) {
      if (excluded(rule.name, hit.file)) continue;
      const finding: Finding = {
        rule: rule.name,
        // What the base history already had is shown and named, but is not this change's
        // decision: advice (info), whatever the rule's severity, so it neither blocks nor asks.
        severity: hit.origin === 'base' ? 'info' : severity,
        file: hit.file,
        line: hit.line,
        message: hit.message,
        fix: hit.fix ?? rule.meta.safeAlternative,
        ...(rule.meta.section ? { section: rule.meta.section } : {}),
        ...(hit.origin ? { origin: hit.origin } : {}),
        ...(hit.evidence ? { evidence: hit.evidence } : {}),
      };
      // After the config's severity (which still wins), before the verdict: the lock budget.
      findings.push(hit.origin === 'base' ? finding : judgeLockTime(finding, rule, config[rule.name]?.severity !== undefined, options));
    }
  }

  // A trace rule could not fire on statements the sandbox never ran (files after a failed one).
  const applied = new Set(context.migrations.filter((m) => m.status === 'applied').map((m) => m.file.path));
  const { kept, unused } = applyDirectives(findings, context.files, options.directives ?? {}, (name, file) => {
    const rule = rules[name as keyof typeof rules] as Rule | undefined;
    if (!rule) return false;
    return notEvaluated.includes(name) || severityOf(rule) === 'off' || excluded(name, file) || (rule.needs.includes('trace') && !applied.has(file));
  });
  const unusedSeverity = severityOf(unusedIgnoreDirective);
  if (unusedSeverity !== 'off') {
    for (const hit of unused) {
      if (excluded(unusedIgnoreDirective.name, hit.file)) continue;
      kept.push({ rule: unusedIgnoreDirective.name, severity: unusedSeverity, ...hit, fix: unusedIgnoreDirective.meta.safeAlternative });
    }
  }

  const order = new Map(context.files.map((file, index) => [file.path, index]));
  kept.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
  return { findings: kept, notEvaluated };
}

/**
 * The one place where production's lock times decide severity: a finding of a rule whose
 * danger is lock time, on a statement with an estimate, becomes info when the estimated lock
 * stays within the budget and error when it does not (a severity set in the config stands),
 * and its message says the estimate. Without an estimate the finding is left as the rule made it.
 */
function judgeLockTime(finding: Finding, rule: Rule, configured: boolean, options: RunRulesOptions): Finding {
  if (!rule.meta.judgedByLockTime || !options.estimates) return finding;
  const estimate = options.estimates
    .filter((e) => e.file === finding.file && e.line === finding.line)
    .sort((a, b) => (b.heldMs ?? -1) - (a.heldMs ?? -1))[0];
  if (!estimate) return finding;
  const judgement = options.lockBudget ? judgeAgainstBudget(estimate, options.lockBudget) : undefined;
  const severity: Severity = configured || !judgement ? finding.severity : judgement.within ? 'info' : 'error';
  return {
    ...finding,
    severity,
    message: `${finding.message} ${describeLockEstimate(estimate, judgement)}`,
    estimate: {
      table: estimate.table,
      blocks: estimate.blocks,
      productionRows: estimate.productionRows,
      method: estimate.method,
      ...(estimate.heldMs !== undefined ? { heldMs: estimate.heldMs } : {}),
      ...(judgement ? { budgetMs: judgement.budgetMs, withinBudget: judgement.within } : {}),
      ...(estimate.reason ? { reason: estimate.reason } : {}),
    },
  };
}

interface UnusedDirective {
  file: string;
  line: number;
  message: string;
}

/**
 * Pure: drops the findings that a directive suppresses and lists the directives that
 * suppressed nothing. `silent(rule, file)` says a rule could not have fired there (not
 * evaluated, turned off or excluded by config): a directive for it is not reported.
 */
export function applyDirectives(
  findings: Finding[],
  files: ParsedFile[],
  directives: Record<string, ParsedDirectives>,
  silent: (rule: string, file: string) => boolean = () => false,
): { kept: Finding[]; unused: UnusedDirective[] } {
  const unused: UnusedDirective[] = [];
  const active: Array<{ directive: Directive; file: string; from: number; to: number; used: Set<string> }> = [];
  for (const file of files) {
    const parsed = directives[file.path];
    if (!parsed) continue;
    for (const problem of parsed.problems) unused.push({ file: file.path, line: problem.line, message: problem.message });
    for (const directive of parsed.directives) {
      const unknown = directive.rules.filter((rule) => !(rule in rules));
      for (const rule of unknown) {
        unused.push({ file: file.path, line: directive.line, message: `the directive names "${rule}", which is not a rule of pg-dba-review, so it suppresses nothing` });
      }
      if (!directive.reason) {
        unused.push({ file: file.path, line: directive.line, message: `the directive gives no reason, so it suppresses nothing: end it with "-- <why this is safe here>"` });
        continue;
      }
      if (directive.kind === 'ignore-file') {
        active.push({ directive, file: file.path, from: 1, to: Number.MAX_SAFE_INTEGER, used: new Set() });
        continue;
      }
      const target = targetStatement(file, directive.line);
      if (!target) {
        unused.push({ file: file.path, line: directive.line, message: 'the directive is below the last statement, so it applies to none' });
        continue;
      }
      active.push({ directive, file: file.path, ...target, used: new Set() });
    }
  }

  const kept = findings.filter((finding) => {
    const match = active.find(
      (a) =>
        a.file === finding.file &&
        finding.line >= a.from &&
        finding.line <= a.to &&
        (a.directive.rules.length === 0 || a.directive.rules.includes(finding.rule)),
    );
    if (!match) return true;
    match.used.add(finding.rule);
    return false;
  });

  for (const { directive, file, used } of active) {
    if (directive.rules.length === 0) {
      if (used.size === 0) unused.push({ file, line: directive.line, message: 'the ignore-file directive suppresses nothing: no rule reported anything in this file' });
      continue;
    }
    for (const rule of directive.rules) {
      if (!(rule in rules) || used.has(rule) || silent(rule, file)) continue;
      const where = directive.kind === 'ignore-file' ? 'in this file' : 'on the statement it applies to';
      unused.push({ file, line: directive.line, message: `"${rule}" reported nothing ${where}, so the directive suppresses nothing: remove it` });
    }
  }
  return { kept, unused };
}

/** The lines of the statement a directive on `line` applies to: the one on that line, else the next. */
function targetStatement(file: ParsedFile, line: number): { from: number; to: number } | undefined {
  const spans = file.statements.map((s) => ({ from: s.line, to: s.line + (s.text.match(/\n/g)?.length ?? 0) }));
  return spans.find((span) => span.from <= line && line <= span.to) ?? spans.find((span) => span.from > line);
}
