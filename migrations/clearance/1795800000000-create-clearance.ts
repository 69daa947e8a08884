import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesSql } from '../consumer-tables';

/**
 * The clearance subgraph's own tables: the four CBEC documents (order, payment, waybill and the
 * inventory list, which is the declaration), their history, customs receipts, and the projections
 * it validates against (registry filings, credit's negative list and risk classes), fed by events.
 *
 * Personal data (buyer, payer, consignee) is sealed by the PII vault (`*_enc`); `*_person_id` is the
 * keyed hash of the ID number, the same `Person.id` the registry derives. `field_hashes` holds a keyed
 * hash per input field, so a resubmission is compared (same content, or which fields changed)
 * without opening sealed values.
 */
export class CreateClearance1795800000000 implements MigrationInterface {
  name = 'CreateClearance1795800000000';

  async up(runner: QueryRunner): Promise<void> {
    // ---- projections ------------------------------------------------------------------------
    // registry.enterprise.filed / amended / revoked; last_event_seq keeps each row monotonic on replay.
    await runner.query(`
      create table clearance.enterprises (
        uscc char(18) primary key,
        customs_code char(10),
        roles text[] not null,
        filing_status text not null check (filing_status in ('ACTIVE', 'AMENDED', 'REVOKED')),
        last_event_seq bigint not null,
        updated_at timestamptz not null
      )`);
    // Not unique: a projection must never refuse an event; lookups prefer the live filing.
    await runner.query(`create index enterprises_customs_code on clearance.enterprises (customs_code)`);
    // registry.person.filed: Buyer.person is set only for buyers whose ID is filed.
    await runner.query(`
      create table clearance.persons (
        person_id text primary key,
        filed_at timestamptz not null
      )`);
    // credit.*: the negative list refuses declarations; the risk class feeds the inspection decision.
    await runner.query(`
      create table clearance.credit_standing (
        uscc char(18) primary key,
        on_negative_list boolean not null default false,
        negative_reason text,
        negative_seq bigint not null default 0,
        risk_class text check (risk_class in ('LOW', 'MEDIUM', 'HIGH')),
        risk_seq bigint not null default 0,
        updated_at timestamptz not null
      )`);

    // ---- documents ------------------------------------------------------------------------
    await runner.query(`
      create table clearance.orders (
        id uuid primary key,
        direction text not null check (direction in ('IMPORT', 'EXPORT')),
        order_no text not null,
        ebp_code char(10) not null,
        ebc_code char(10) not null,
        goods_value numeric(18, 2) not null,
        freight numeric(18, 2) not null,
        discount numeric(18, 2) not null,
        tax_total numeric(18, 2) not null,
        actual_paid numeric(18, 2) not null,
        currency char(3) not null,
        buyer_id_type text,
        buyer_person_id text,
        buyer_id_number_enc text,
        buyer_name_enc text,
        buyer_telephone_enc text,
        consignee_enc text,
        consignee_address_enc text,
        consignee_telephone_enc text,
        pay_code char(10),
        pay_transaction_id text,
        items jsonb not null,
        field_hashes jsonb not null,
        version integer not null default 1,
        submitted_by text not null,
        submitted_at timestamptz not null,
        updated_at timestamptz not null,
        unique (ebp_code, order_no)
      )`);
    await runner.query(`create index orders_order_no on clearance.orders (order_no)`);

    await runner.query(`
      create table clearance.payments (
        id uuid primary key,
        direction text not null check (direction in ('IMPORT', 'EXPORT')),
        pay_code char(10) not null,
        pay_transaction_id text not null,
        order_no text not null,
        ebp_code char(10) not null,
        payer_id_type text,
        payer_person_id text,
        payer_id_number_enc text,
        payer_name_enc text,
        telephone_enc text,
        amount_paid numeric(18, 2) not null,
        currency char(3) not null,
        pay_time timestamptz,
        field_hashes jsonb not null,
        version integer not null default 1,
        submitted_by text not null,
        submitted_at timestamptz not null,
        updated_at timestamptz not null,
        unique (pay_code, pay_transaction_id)
      )`);
    await runner.query(`create index payments_order_no on clearance.payments (order_no)`);

    await runner.query(`
      create table clearance.waybills (
        id uuid primary key,
        direction text not null check (direction in ('IMPORT', 'EXPORT')),
        logistics_code char(10) not null,
        logistics_no text not null,
        order_no text not null,
        bill_no text,
        freight numeric(18, 2) not null,
        insured_fee numeric(18, 2) not null,
        currency char(3) not null,
        weight numeric not null,
        pack_no integer not null,
        consignee_enc text,
        consignee_address_enc text,
        consignee_telephone_enc text,
        field_hashes jsonb not null,
        version integer not null default 1,
        submitted_by text not null,
        submitted_at timestamptz not null,
        updated_at timestamptz not null,
        unique (logistics_code, logistics_no)
      )`);
    await runner.query(`create index waybills_order_no on clearance.waybills (order_no)`);

    // The inventory list (清单) is the declaration customs clears.
    await runner.query(`
      create table clearance.declarations (
        id uuid primary key,
        direction text not null check (direction in ('IMPORT', 'EXPORT')),
        mode text not null check (mode in ('9610', '9710', '9810', '1210', '1239')),
        cop_no text not null,
        ebc_code char(10) not null,
        ebp_code char(10) not null,
        order_no text not null,
        logistics_code char(10) not null,
        logistics_no text not null,
        agent_code char(10),
        head jsonb not null,
        buyer_id_type text,
        buyer_person_id text,
        buyer_id_number_enc text,
        buyer_name_enc text,
        buyer_telephone_enc text,
        consignee_address_enc text,
        freight numeric(18, 2) not null,
        insured_fee numeric(18, 2) not null,
        currency char(3) not null,
        goods_value numeric(18, 2) not null,
        items jsonb not null,
        field_hashes jsonb not null,
        version integer not null default 1,
        enterprise_uscc char(18) not null,
        platform_uscc char(18),
        parties jsonb not null,
        party_usccs text[] not null,
        order_id uuid references clearance.orders (id),
        payment_id uuid references clearance.payments (id),
        waybill_id uuid references clearance.waybills (id),
        status text not null check (status in ('DECLARED', 'MATCHED', 'MISMATCHED', 'SUBMITTED', 'UNDER_REVIEW',
          'INSPECTION', 'DETAINED', 'RELEASED', 'CLEARED', 'REJECTED', 'RETURNED')),
        receipt_code text,
        match jsonb,
        tax jsonb,
        quota_year integer,
        quota_amount numeric(18, 2),
        quota_counted boolean not null default false,
        customs_version integer not null default 0,
        resend_count integer not null default 0,
        submitted_by text not null,
        declared_at timestamptz not null,
        updated_at timestamptz not null,
        unique (ebc_code, cop_no),
        check (quota_counted = false or (quota_year is not null and quota_amount is not null and buyer_person_id is not null))
      )`);
    await runner.query(`create index declarations_order on clearance.declarations (order_no)`);
    await runner.query(`create index declarations_logistics on clearance.declarations (logistics_code, logistics_no)`);
    // Tenancy: an enterprise lists declarations where it is a party, in its own SQL (declarations.service.ts).
    await runner.query(`create index declarations_parties on clearance.declarations using gin (party_usccs)`);
    await runner.query(`create index declarations_listing on clearance.declarations (declared_at desc, id desc)`);
    await runner.query(`create index declarations_status on clearance.declarations (status)`);
    await runner.query(`
      create index declarations_quota on clearance.declarations (buyer_person_id, quota_year) where quota_counted`);

    // Every transition, with time, actor, reason and the customs receipt code that drove it.
    await runner.query(`
      create table clearance.status_changes (
        id bigserial primary key,
        declaration_id uuid not null references clearance.declarations (id),
        from_status text,
        to_status text not null,
        at timestamptz not null,
        actor text not null,
        reason text,
        receipt_code text
      )`);
    await runner.query(`create index status_changes_declaration on clearance.status_changes (declaration_id, id)`);

    // Submissions and amendments of every document (the history an amendment is recorded in).
    await runner.query(`
      create table clearance.document_changes (
        id bigserial primary key,
        document text not null check (document in ('ORDER', 'PAYMENT', 'WAYBILL', 'INVENTORY')),
        document_id uuid not null,
        kind text not null check (kind in ('SUBMITTED', 'AMENDED')),
        changed text[] not null default '{}',
        version integer not null,
        actor text not null,
        at timestamptz not null
      )`);
    await runner.query(`create index document_changes_document on clearance.document_changes (document_id, id)`);

    // Customs receipts, once per receipt id whichever way they came (bus event or recordCustomsReceipt).
    await runner.query(`
      create table clearance.receipts (
        receipt_id text primary key,
        declaration_id uuid not null references clearance.declarations (id),
        code text not null,
        message text,
        issued_at timestamptz not null,
        received_at timestamptz not null,
        outcome text not null check (outcome in ('APPLIED', 'NO_CHANGE', 'RESEND', 'IGNORED')),
        note text
      )`);
    await runner.query(`create index receipts_declaration on clearance.receipts (declaration_id, issued_at)`);

    for (const sql of consumerTablesSql('clearance')) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'processed_events', 'consumer_offsets', 'receipts', 'document_changes', 'status_changes', 'declarations', 'waybills',
      'payments', 'orders', 'credit_standing', 'persons', 'enterprises',
    ]) {
      await runner.query(`drop table clearance.${table}`);
    }
  }
}
