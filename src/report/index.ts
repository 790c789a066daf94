/** The HTML report: pure renderers (profile in, HTML string out) and the one function that writes a file. */
export { type ComparisonReportInput, renderComparisonReport } from './comparison-report.js';
export { REPORT_CONTENT_POLICY } from './page.js';
export { renderProfileReport } from './profile-report.js';
export { type WrittenReport, writeReport } from './write-report.js';
