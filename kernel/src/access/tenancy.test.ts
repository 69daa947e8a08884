import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertMayReadEnterprise, assertMaySubmit, mayReadEnterprise } from './tenancy';

const OWN = '91350100M000100Y43';
const OTHER = '91110000802100433B';
const enterprise = { subject: 'e', role: 'ENTERPRISE' as const, uscc: OWN, scopes: [] };
const partner = { subject: 'p', role: 'PARTNER' as const, uscc: OTHER, scopes: [] };
const regulator = { subject: 'r', role: 'REGULATOR' as const, scopes: [] };

test('an enterprise reads its own data only, a regulator all, a partner only under a grant, nobody anonymously', () => {
  assert.equal(mayReadEnterprise(enterprise, OWN), true);
  assert.equal(mayReadEnterprise(enterprise, OTHER), false);
  assert.equal(mayReadEnterprise(regulator, OTHER), true);
  assert.equal(mayReadEnterprise(partner, OWN), false);
  assert.equal(mayReadEnterprise(partner, OWN, true), true);
  assert.equal(mayReadEnterprise(undefined, OWN), false);
  assert.throws(() => assertMayReadEnterprise(enterprise, OTHER, 'the filing'), /FORBIDDEN|visible/);
});

test('each customs document is submitted only by the enterprise named on it in its role', () => {
  const parties = { ebpCode: '4101960001', ebcCode: '4101960002', payCode: '4101960003', logisticsCode: '4101960004', agentCode: '4101960005' };
  assert.doesNotThrow(() => assertMaySubmit(enterprise, '4101960001', 'ORDER', parties));
  assert.throws(() => assertMaySubmit(enterprise, '4101960001', 'PAYMENT', parties));
  assert.doesNotThrow(() => assertMaySubmit(enterprise, '4101960003', 'PAYMENT', parties));
  assert.doesNotThrow(() => assertMaySubmit(enterprise, '4101960004', 'WAYBILL', parties));
  assert.doesNotThrow(() => assertMaySubmit(enterprise, '4101960002', 'INVENTORY', parties));
  assert.doesNotThrow(() => assertMaySubmit(enterprise, '4101960005', 'INVENTORY', parties));
  assert.throws(() => assertMaySubmit(enterprise, '4101960004', 'INVENTORY', parties));
  assert.throws(() => assertMaySubmit(partner, '4101960001', 'ORDER', parties));
  assert.throws(() => assertMaySubmit(enterprise, null, 'ORDER', parties));
  assert.doesNotThrow(() => assertMaySubmit(regulator, null, 'WAYBILL', parties));
});
