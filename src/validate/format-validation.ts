/**
 * Renders a validation report for terminals: the comparison table, then the hard checks (broken ones first,
 * each naming dataset, subject and rows), then a verdict.
 */

import { formatComparison } from './format-comparison.js';
import type { CheckResult } from './hard-checks.js';
import type { ValidationReport } from './run-validation.js';

function describeCheck(check: CheckResult): string {
  const status = check.ok ? (check.basis === 'unchecked' ? 'unchecked' : 'ok') : 'FAIL';
  const count =
    check.violations === null ? '' : ` ${check.violations} ${check.violations === 1 ? 'row' : 'rows'}`;
  const basis = check.basis === 'profile' ? ' (from the re-profile)' : '';
  const error = check.error === undefined ? '' : `: ${check.error}`;
  return `  ${status.padEnd(9)} ${check.dataset} ${check.kind} ${check.subject}${check.ok && check.basis !== 'profile' ? '' : count}${basis}${error}`;
}

/** The human report of `doppel validate`. */
export function formatValidation(report: ValidationReport): string {
  const broken = report.checks.filter((check) => !check.ok);
  const lines = [formatComparison(report.comparison), '', `hard checks (${report.checks.length}):`];
  for (const check of [...broken, ...report.checks.filter((check) => check.ok)])
    lines.push(describeCheck(check));
  lines.push(
    '',
    report.ok
      ? `${report.source} matches the profile ${report.profile}`
      : `${report.source} does not match the profile ${report.profile}: ${broken.length} hard checks broken, ${report.comparison.ok ? 'distributions within bounds' : 'distributions or schema differ'}`,
  );
  return lines.join('\n');
}
