import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EnvReader } from './config';
import { IdentitySigner, readGatewayTrust } from './identity';

const regulator = { subject: 'reg-1', role: 'REGULATOR' as const, scopes: ['pii:read'] };

test('a signed identity verifies and carries the caller', () => {
  const signer = new IdentitySigner('k1:0123456789abcdef0123');
  assert.deepEqual(signer.verify(signer.sign(regulator)), { caller: { ...regulator, uscc: undefined } });
  assert.deepEqual(signer.verify(signer.sign(null)), { caller: null });
});

test('a tampered payload, a foreign key, an unknown key id or an expired signature is refused', () => {
  const signer = new IdentitySigner('k1:0123456789abcdef0123');
  const [payload, keyId, mac] = signer.sign({ ...regulator, role: 'PARTNER' as never }).split('.');
  const forged = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('PARTNER', 'REGULATOR')).toString('base64url');
  assert.equal(signer.verify(`${forged}.${keyId}.${mac}`), undefined);
  assert.equal(signer.verify(new IdentitySigner('k1:another-secret-of-length').sign(regulator)), undefined);
  assert.equal(signer.verify(`${payload}.k9.${mac}`), undefined);
  const old = signer.sign(regulator, Date.now() - 10 * 60_000);
  assert.equal(signer.verify(old), undefined);
  assert.equal(signer.verify(''), undefined);
});

test('keys rotate without downtime: a signature by the previous key still verifies while it is listed', () => {
  const before = new IdentitySigner('old:old-secret-0123456789');
  const during = new IdentitySigner('new:new-secret-0123456789,old:old-secret-0123456789');
  const after = new IdentitySigner('new:new-secret-0123456789');
  assert.ok(during.verify(before.sign(regulator)));
  assert.ok(before.verify(during.sign(regulator)) === undefined);
  assert.ok(after.verify(during.sign(regulator)));
  assert.equal(after.verify(before.sign(regulator)), undefined);
});

test('production refuses development signing keys and the direct-call flag', () => {
  const read = new EnvReader({ ALLOW_DIRECT_SUBGRAPH_CALLS: 'true' });
  readGatewayTrust(read, true);
  assert.throws(() => read.done(), (error: Error) =>
    /IDENTITY_SIGNING_KEYS is required/.test(error.message) && /ALLOW_DIRECT_SUBGRAPH_CALLS/.test(error.message));
});
