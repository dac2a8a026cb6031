import type { Log, ReportingDescriptor, Result } from 'sarif';
import { rules } from '../rules/index.js';
import type { Rule, Severity } from '../rules/define-rule.js';
import type { Finding } from '../rules/run-rules.js';
import type { AcknowledgedFinding, Review } from './review.js';

/** Where each rule's page is published: docs/rules/<name>.md of the repository. */
export const RULE_DOCS_URL = 'https://github.com/pg-dba-review/pg-dba-review/blob/main/docs/rules/';
const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The review as a SARIF 2.1.0 log (`--format sarif`, GitHub code scanning), from the same
 * finding list as the comment and the check: one result per finding (acknowledged ones carry
 * an external suppression with the reason), every registered rule's metadata with its doc page,
 * severity mapped to level (info → note), and locations with the finding's line. A finding on
 * no line of the change (line 0) is located at its file alone. Pure.
 */
export function buildSarif(review: Review, toolVersion = '0.1.0'): Log {
  const descriptors: ReportingDescriptor[] = (Object.values(rules) as Rule[]).map((rule) => ({
    id: rule.name,
    name: rule.name,
    shortDescription: { text: rule.meta.summary },
    fullDescription: { text: rule.meta.why },
    help: { text: `${rule.meta.why}\n\nInstead: ${rule.meta.safeAlternative}`, markdown: `${rule.meta.why}\n\n**Instead:** ${rule.meta.safeAlternative}\n\n[${rule.name}](${RULE_DOCS_URL}${rule.name}.md)` },
    helpUri: `${RULE_DOCS_URL}${rule.name}.md`,
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
  }));
  // Findings from outside the registry (migration discovery) get a descriptor of their own.
  const all: Array<Finding | AcknowledgedFinding> = [...review.findings, ...(review.acknowledged ?? [])];
  for (const finding of all) {
    if (descriptors.some((d) => d.id === finding.rule)) continue;
    descriptors.push({ id: finding.rule, name: finding.rule, shortDescription: { text: finding.rule }, defaultConfiguration: { level: LEVEL[finding.severity] } });
  }
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const result = (finding: Finding, acknowledged?: AcknowledgedFinding): Result => ({
    ruleId: finding.rule,
    ruleIndex: index.get(finding.rule)!,
    level: LEVEL[finding.severity],
    message: { text: `${finding.message}\n\nInstead: ${finding.fix}` },
    ...(finding.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file },
                ...(finding.line > 0 ? { region: { startLine: finding.line } } : {}),
              },
            },
          ],
        }
      : {}),
    ...(acknowledged ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${acknowledged.reason} (by @${acknowledged.by})` }] } : {}),
    ...(finding.evidence || finding.origin || finding.estimate
      ? {
          properties: {
            ...(finding.evidence ? { evidence: finding.evidence } : {}),
            ...(finding.estimate ? { estimate: finding.estimate } : {}),
            ...(finding.origin ? { origin: finding.origin } : {}),
          },
        }
      : {}),
  });
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: { driver: { name: 'pg-dba-review', version: toolVersion, informationUri: 'https://github.com/pg-dba-review/pg-dba-review', rules: descriptors } },
        invocations: [
          {
            executionSuccessful: review.verdict !== 'error',
            ...(review.error ? { toolExecutionNotifications: [{ level: 'error', message: { text: review.error.message } }] } : {}),
          },
        ],
        results: [...review.findings.map((f) => result(f)), ...(review.acknowledged ?? []).map((a) => result(a, a))],
        properties: { verdict: review.verdict, postgresVersion: review.postgres.version },
      },
    ],
  };
}
