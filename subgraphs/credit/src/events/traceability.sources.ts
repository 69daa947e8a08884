import { type BusEvent, type Logger } from '@sw/kernel';
import { shanghaiToday } from '../method/dates';
import { recomputeProfile } from '../profile/recompute';
import type { Tx } from './publish';
import { dateOf, text, upsertSourceRecord, validUsccs } from './source-record';

/**
 * Product-quality risks as credit records (METHOD.md: QUALITY_RISK −10, half-life 180 days, counted
 * for two years; a HIGH warning for 180 days). Each enterprise the risk names (`enterprises`: the
 * product owners answering for the goods) gets one record per risk,
 * `traceability:quality-risk:<riskId>:<uscc>`; every severity and source counts alike, as METHOD.md
 * says (the severity is kept in the evidence for the regulator reading it).
 *
 * A recall is issued on a risk: it is the same fact, so it adds no second record and no second
 * deduction. It notes the recall on the risk's record (detail.recallId, and the evidence once), or
 * makes the record when the report never reached credit (or named the enterprise only later).
 */
export async function observeQualityRisk(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const usccs = validUsccs(event.data.enterprises);
  const riskId = String(event.data.riskId ?? event.subject);
  if (usccs.length === 0) {
    logger.info({ type: event.type, eventId: event.id, riskId }, 'quality risk names no filed enterprise; nothing for credit');
    return;
  }
  const occurredOn = shanghaiToday(dateOf(event.data.reportedAt) ?? event.occurredAt);
  for (const uscc of usccs) {
    await upsertSourceRecord(tx, event, {
      uscc, source: 'TRACEABILITY', kind: 'QUALITY_RISK', authority: `quality risk report (${text(event.data.source)})`, occurredOn,
      evidence: `${text(event.data.severity)} quality risk: ${text(event.data.title).slice(0, 300)}`
        + ` (${Number(event.data.declarationCount ?? 0)} declarations, ${Number(event.data.parcelCount ?? 0)} parcels affected)`,
      detail: {
        riskId, source: event.data.source ?? null, severity: event.data.severity ?? null,
        productIds: Array.isArray(event.data.productIds) ? event.data.productIds : [], declarationCount: event.data.declarationCount ?? null,
      },
      key: `traceability:quality-risk:${riskId}:${uscc}`,
    });
    await recomputeProfile(tx, uscc, `quality risk reported: ${text(event.data.title).slice(0, 100)}`, 'system');
  }
}

export async function observeRecall(event: BusEvent, tx: Tx, logger: Logger): Promise<void> {
  const usccs = validUsccs(event.data.enterprises);
  const riskId = String(event.data.riskId ?? '');
  const recallId = String(event.data.recallId ?? event.subject);
  if (usccs.length === 0 || !riskId) {
    logger.info({ type: event.type, eventId: event.id, recallId }, 'recall names no filed enterprise or risk; nothing for credit');
    return;
  }
  const issuedOn = shanghaiToday(dateOf(event.data.issuedAt) ?? event.occurredAt);
  const reason = text(event.data.reason).slice(0, 300);
  const note = { recallId, recalledOn: issuedOn };
  for (const uscc of usccs) {
    const key = `traceability:quality-risk:${riskId}:${uscc}`;
    // The risk's record gets the recall noted once (a redelivery finds detail.recallId and changes nothing).
    const [noted] = await tx`
      update credit.records set
        detail = detail || ${tx.json(note as never)}::jsonb,
        evidence = case when detail ? 'recallId' then evidence else evidence || ${`; recalled on ${issuedOn}: ${reason}`} end
      where source_key = ${key}
      returning id`;
    if (!noted) {
      await upsertSourceRecord(tx, event, {
        uscc, source: 'TRACEABILITY', kind: 'QUALITY_RISK', authority: `quality risk report (${text(event.data.source)})`, occurredOn: issuedOn,
        evidence: `${text(event.data.severity)} quality risk ${riskId}, recalled on ${issuedOn}: ${reason}`,
        detail: { riskId, source: event.data.source ?? null, severity: event.data.severity ?? null, ...note },
        key,
      });
    }
    await recomputeProfile(tx, uscc, `recall issued on quality risk ${riskId}`, 'system');
  }
}
