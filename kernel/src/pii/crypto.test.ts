import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PiiVault } from './crypto.js';

const hashKey = Buffer.from('crypto-test-hash-key');
const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const OLD = key('k2025', 1);
const NEW = key('k2026', 2);

describe('PiiVault', () => {
  test('seals with the first key, under its id, and opens what it sealed', () => {
    const vault = new PiiVault(`${NEW},${OLD}`, hashKey);
    const sealed = vault.encrypt('张三丰');
    assert.equal(vault.currentKeyId, 'k2026');
    assert.equal(vault.keyIdOf(sealed), 'k2026');
    assert.ok(vault.isCurrent(sealed));
    assert.ok(!sealed.includes('张三丰'));
    assert.equal(vault.decrypt(sealed), '张三丰');
  });

  test('after rotation (new key first, old key still listed) values sealed under the old key still decrypt', () => {
    const before = new PiiVault(OLD, hashKey);
    const sealedBefore = before.encrypt('11010519491231002X');
    const rotated = new PiiVault(`${NEW},${OLD}`, hashKey);
    assert.equal(rotated.keyIdOf(sealedBefore), 'k2025');
    assert.ok(!rotated.isCurrent(sealedBefore));
    assert.equal(rotated.decrypt(sealedBefore), '11010519491231002X');
  });

  test('reseal moves an old value under the current key and leaves a current one as it is', () => {
    const sealedBefore = new PiiVault(OLD, hashKey).encrypt('13812345678');
    const rotated = new PiiVault(`${NEW},${OLD}`, hashKey);
    const resealed = rotated.reseal(sealedBefore);
    assert.equal(rotated.keyIdOf(resealed), 'k2026');
    assert.equal(rotated.decrypt(resealed), '13812345678');
    assert.equal(rotated.reseal(resealed), resealed);
    // Once re-sealed, the old key can go.
    assert.equal(new PiiVault(NEW, hashKey).decrypt(resealed), '13812345678');
  });

  test('a value under a key that is no longer listed fails with an error naming the key id', () => {
    const sealedBefore = new PiiVault(OLD, hashKey).encrypt('张三丰');
    const withoutOld = new PiiVault(NEW, hashKey);
    assert.throws(() => withoutOld.decrypt(sealedBefore), /cannot decrypt: unknown key id "k2025"/);
  });

  test('an altered ciphertext, tag or iv fails authentication instead of returning garbage', () => {
    const vault = new PiiVault(NEW, hashKey);
    const [id, iv, tag, body] = vault.encrypt('张三丰').split(':');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64');
      bytes[0] ^= 0x01;
      return bytes.toString('base64');
    };
    for (const altered of [[id, iv, tag, flip(body)], [id, iv, flip(tag), body], [id, flip(iv), tag, body]]) {
      assert.throws(() => vault.decrypt(altered.join(':')), /cannot decrypt: a value under key "k2026" fails authentication/);
    }
  });

  test('another key under the same id fails authentication', () => {
    const sealed = new PiiVault(key('k2026', 9), hashKey).encrypt('张三丰');
    assert.throws(() => new PiiVault(NEW, hashKey).decrypt(sealed), /fails authentication/);
  });

  test('a value that is not keyId:iv:tag:ciphertext is refused clearly', () => {
    const vault = new PiiVault(NEW, hashKey);
    assert.throws(() => vault.decrypt('k2026:only-two'), /not iv:tag:ciphertext/);
    assert.throws(() => vault.decrypt('plain text'), /unknown key id/);
  });

  test('a key list with a repeated id, a short key or no key at all is refused', () => {
    assert.throws(() => new PiiVault(`${NEW},${key('k2026', 3)}`, hashKey), /listed twice/);
    assert.throws(() => new PiiVault(`k1:${Buffer.alloc(16).toString('base64')}`, hashKey), /32 bytes/);
    assert.throws(() => new PiiVault(' , ', hashKey), /at least one/);
  });

  test('the keyed hash does not depend on the encryption keys, so rotation keeps every Person.id', () => {
    assert.equal(new PiiVault(OLD, hashKey).hash('11010519491231002X'), new PiiVault(`${NEW},${OLD}`, hashKey).hash('11010519491231002X'));
  });
});
