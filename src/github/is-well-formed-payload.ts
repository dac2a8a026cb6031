/**
 * Whether a signed delivery has the fields our handlers read. Signed deliveries come from
 * GitHub, but a GitHub Enterprise version, a replay tool or a misconfigured proxy can still send
 * shapes we do not expect; such a delivery is logged and ignored (answered 200) rather than
 * failing inside a handler with a 500.
 */
export function isWellFormedPayload(event: string, payload: unknown): boolean {
  const p = payload as Record<string, any> | null;
  const str = (v: unknown) => typeof v === 'string' && v.length > 0;
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const obj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!obj(p) || !obj(p.repository) || !obj(p.repository.owner) || !str(p.repository.owner.login) || !str(p.repository.name)) return false;
  if (!obj(p.installation) || !num(p.installation.id)) return false;
  const ref = (r: unknown) => obj(r) && str(r.sha);
  const pulls = (list: unknown) => Array.isArray(list) && list.every((pr) => obj(pr) && num(pr.number) && ref(pr.head) && ref(pr.base));
  switch (event) {
    case 'pull_request':
      return obj(p.pull_request) && num(p.pull_request.number) && ref(p.pull_request.head) && ref(p.pull_request.base);
    case 'issue_comment':
      return obj(p.comment) && num(p.comment.id) && typeof p.comment.body === 'string' && obj(p.issue) && num(p.issue.number) && obj(p.sender);
    case 'check_run':
      return obj(p.check_run) && str(p.check_run.name) && str(p.check_run.head_sha) && pulls(p.check_run.pull_requests);
    case 'check_suite':
      return obj(p.check_suite) && str(p.check_suite.head_sha) && pulls(p.check_suite.pull_requests);
    case 'merge_group':
      return obj(p.merge_group) && str(p.merge_group.head_sha) && str(p.merge_group.base_sha);
    default:
      return true;
  }
}
