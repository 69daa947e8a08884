import type { ImportResult, Rejection } from './importer';

function rejectionLine(rejection: Rejection): string {
  const where = rejection.document ? `${rejection.file}: ${rejection.document}` : rejection.file;
  const at = rejection.element && rejection.field
    ? ` [${rejection.element} → ${rejection.field}]`
    : rejection.element ? ` [${rejection.element}]` : rejection.field ? ` [${rejection.field}]` : '';
  return `  ✗ ${where}\n      ${rejection.code}${at}: ${rejection.reason}`;
}

/** The closing summary: counts, then every refused file, message and document with its reason. */
export function formatSummary(result: ImportResult): string {
  const lines: string[] = [];
  const attempted = result.accepted + result.rejected + result.skipped;
  const refused = result.refused > 0 ? `; ${result.refused} file${result.refused === 1 ? '' : 's'} or message${result.refused === 1 ? '' : 's'} refused whole` : '';
  lines.push(
    `CEB import: ${result.files} file${result.files === 1 ? '' : 's'}, ${result.documents} document${result.documents === 1 ? '' : 's'} — ` +
      `${result.accepted} accepted, ${result.rejected} rejected, ${result.skipped} skipped (accepted in an earlier run)${refused}`,
  );
  if (result.rejections.length > 0) {
    lines.push('Rejected:');
    for (const rejection of result.rejections) lines.push(rejectionLine(rejection));
    if (result.unlisted > 0) lines.push(`  … and ${result.unlisted} more (see the report)`);
  }
  if (result.fatal) {
    const left = Math.max(0, result.documents - attempted);
    lines.push(`Stopped: ${result.fatal}`);
    lines.push(`  ${left} document${left === 1 ? ' was' : 's were'} not submitted; run again with --resume to go on.`);
  }
  lines.push(`Report: ${result.reportPath}`);
  return `${lines.join('\n')}\n`;
}

/** 0 when every document was accepted (or skipped), 1 when a file, message or document was rejected, 2 when the run stopped. */
export function exitCodeOf(result: ImportResult): number {
  if (result.fatal) return 2;
  return result.rejected > 0 || result.refused > 0 ? 1 : 0;
}
