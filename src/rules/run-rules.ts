import type { Rule, RuleContext, Severity } from './define-rule.js';
import { rules } from './index.js';

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  message: string;
  fix: string;
}

export interface RuleOutcome {
  findings: Finding[];
  /** Rules that need the trace when the sandbox could not run: not evaluated, not passed. */
  notEvaluated: string[];
}

export function runRules(context: RuleContext, traced: boolean): RuleOutcome {
  const findings: Finding[] = [];
  const notEvaluated: string[] = [];
  for (const rule of Object.values(rules) as Rule[]) {
    if (rule.needs.includes('trace') && !traced) {
      notEvaluated.push(rule.name);
      continue;
    }
    for (const hit of rule.check(context)) {
      findings.push({
        rule: rule.name,
        severity: rule.meta.severity,
        file: hit.file,
        line: hit.line,
        message: hit.message,
        fix: hit.fix ?? rule.meta.safeAlternative,
      });
    }
  }
  const order = new Map(context.files.map((file, index) => [file.path, index]));
  findings.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
  return { findings, notEvaluated };
}
