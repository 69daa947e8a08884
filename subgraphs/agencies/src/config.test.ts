import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAgenciesConfig } from './config';

const URLS = {
  DATABASE_URL: 'postgres://localhost/x',
  AGENCY_SAIC_URL: 'http://127.0.0.1:4101/',
  AGENCY_TAX_URL: 'http://127.0.0.1:4102',
  AGENCY_PUBLIC_SECURITY_URL: 'http://127.0.0.1:4103',
  AGENCY_CUSTOMS_URL: 'http://127.0.0.1:4104',
};

test('every agency URL is required, and every missing one is listed at once', () => {
  assert.throws(() => readAgenciesConfig({ DATABASE_URL: 'postgres://localhost/x' }), (error: Error) =>
    ['AGENCY_SAIC_URL', 'AGENCY_TAX_URL', 'AGENCY_PUBLIC_SECURITY_URL', 'AGENCY_CUSTOMS_URL'].every((name) => error.message.includes(`${name} is required`)));
});

test('defaults: 2 s timeouts, 5 min cache, 60 min refresh, the simulators\' tokens in development', () => {
  const config = readAgenciesConfig(URLS);
  assert.equal(config.port, 4003);
  assert.deepEqual(config.endpoints.SAIC, { url: 'http://127.0.0.1:4101', token: 'sim-saic-token', timeoutMs: 2000 });
  assert.equal(config.endpoints.PUBLIC_SECURITY.token, 'sim-public-security-token');
  assert.equal(config.resilience.cacheTtlMs, 300_000);
  assert.equal(config.refreshMinutes, 60);
  assert.equal(config.customsCallbackToken, 'sim-customs-token');
  assert.equal(config.customsCallbackUrl, undefined);
});

test('production needs real agency tokens and the PII hash key', () => {
  assert.throws(() => readAgenciesConfig({ ...URLS, NODE_ENV: 'production', IDENTITY_SIGNING_KEYS: 'k1:0123456789abcdef0123' }), (error: Error) =>
    ['AGENCY_SAIC_TOKEN', 'AGENCY_TAX_TOKEN', 'AGENCY_PUBLIC_SECURITY_TOKEN', 'AGENCY_CUSTOMS_TOKEN', 'PII_HASH_KEY']
      .every((name) => error.message.includes(`${name} is required`)));
});

test('a bad URL or timeout is refused with the variable named', () => {
  assert.throws(() => readAgenciesConfig({ ...URLS, AGENCY_TAX_URL: 'ftp://x', AGENCY_TAX_TIMEOUT_MS: '0' }),
    /AGENCY_TAX_URL must be an http\(s\) URL[\s\S]*AGENCY_TAX_TIMEOUT_MS must be an integer/);
});
