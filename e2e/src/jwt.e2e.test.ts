import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { usccCheckCharacter } from '@sw/kernel';
import { asAdmin, post, startStack, type Stack } from './stack';

const ISSUER = 'https://idp.single-window.test';
const AUDIENCE = 'single-window-gateway';
const OWN = '91410100MA44JWT01' + usccCheckCharacter('91410100MA44JWT01');
const OTHER = '91410100MA44JWT02' + usccCheckCharacter('91410100MA44JWT02');

let stack: Stack;
let dir: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

before(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  dir = mkdtempSync(join(tmpdir(), 'sw-jwks-'));
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
  stack = await startStack({ JWT_JWKS_PATH: join(dir, 'jwks.json'), JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
  for (const [uscc, code] of [[OWN, '4101960J01'], [OTHER, '4101960J02']]) {
    const filed = await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc, name: `JWT test ${code}`, customsCode: code, region: 'ZHENGZHOU', roles: ['ECOMMERCE_ENTERPRISE'] },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
});

after(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function token(claims: Record<string, unknown>, options: { key?: CryptoKey; audience?: string; expires?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(options.key ?? signingKey);
}

const bearer = async (jwt: Promise<string>) => ({ authorization: `Bearer ${await jwt}` });
const enterpriseClaims = { sub: 'ops@own', role: 'ENTERPRISE', uscc: OWN, scope: 'declarations:write' };

test('an ENTERPRISE JWT reads public fields of every enterprise but the filing of its own only', async () => {
  const headers = await bearer(token(enterpriseClaims));
  const own = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { name filing { status } } }`, { u: OWN }, headers);
  assert.equal(own.errors, undefined, JSON.stringify(own.errors));
  assert.equal(own.data?.enterprise.filing.status, 'ACTIVE');
  const otherPublic = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { uscc name region roles } }`, { u: OTHER }, headers);
  assert.equal(otherPublic.data?.enterprise.uscc, OTHER);
  const otherFiling = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { name filing { status } } }`, { u: OTHER }, headers);
  assert.equal(otherFiling.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test('an ENTERPRISE JWT cannot amend another enterprise\'s filing and the filing is unchanged', async () => {
  const headers = await bearer(token(enterpriseClaims));
  const response = await post(stack.gateway.url, `mutation($u: ID!) { amendFiling(uscc: $u, input: { name: "hijacked" }) { name } }`, { u: OTHER }, headers);
  assert.equal(response.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const read = await post(stack.gateway.url, `query($u: ID!) { enterprise(uscc: $u) { name } }`, { u: OTHER }, asAdmin);
  assert.equal(read.data?.enterprise.name, 'JWT test 4101960J02');
});

const hostile: [string, () => Promise<string>][] = [
  ['an expired JWT', () => token(enterpriseClaims, { expires: '-1m' })],
  ['a JWT for another audience', () => token(enterpriseClaims, { audience: 'someone-else' })],
  ['a JWT signed by a key not in the JWKS', () => token(enterpriseClaims, { key: strangerKey })],
  ['a JWT without a role', () => token({ sub: 'x', uscc: OWN })],
  ['an ENTERPRISE JWT without a uscc', () => token({ sub: 'x', role: 'ENTERPRISE' })],
];
for (const [name, make] of hostile) {
  test(`${name} is UNAUTHENTICATED`, async () => {
    const response = await post(stack.gateway.url, '{ enterprises(first: 1) { totalCount } }', {}, await bearer(make()));
    assert.equal(response.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.equal(response.data ?? null, null);
  });
}
