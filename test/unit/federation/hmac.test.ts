import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/domain/errors.js';
import { coordinatorProof, generateKeyHex, newNonce, parseKey, proofsEqual, siteProof } from '../../../shared/federation/hmac.js';
import { createHmac } from 'node:crypto';

const key = parseKey('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');

describe('mutual HMAC proofs', () => {
  it('agree for the same key and transcript and differ for another key, site or nonce', () => {
    const [sn, cn] = [newNonce(), newNonce()];
    const p = siteProof(key, 'KM', sn, cn);
    expect(proofsEqual(p, siteProof(Uint8Array.from(key), 'KM', sn, cn))).toBe(true);
    const other = parseKey(generateKeyHex());
    expect(proofsEqual(p, siteProof(other, 'KM', sn, cn))).toBe(false);
    expect(proofsEqual(p, siteProof(key, 'NIHCC', sn, cn))).toBe(false);
    expect(proofsEqual(p, siteProof(key, 'KM', newNonce(), cn))).toBe(false);
    expect(proofsEqual(p, siteProof(key, 'KM', cn, sn))).toBe(false); // nonces are not interchangeable
  });

  it('separates the two directions so a site proof cannot be reflected as the coordinator proof', () => {
    const [sn, cn] = [newNonce(), newNonce()];
    expect(proofsEqual(siteProof(key, 'KM', sn, cn), coordinatorProof(key, 'KM', sn, cn))).toBe(false);
  });

  it('is HMAC-SHA256 over a labelled, length-prefixed transcript', () => {
    const [sn, cn] = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    const h = createHmac('sha256', key);
    for (const part of [Buffer.from('fedcxr/v1 site proof'), Buffer.from('KM'), sn, cn]) {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(part.length);
      h.update(len).update(part);
    }
    expect(Buffer.from(siteProof(key, 'KM', sn, cn)).toString('hex')).toBe(h.digest('hex'));
  });

  it('compares proofs of different lengths as unequal without throwing', () => {
    expect(proofsEqual(new Uint8Array(32), new Uint8Array(31))).toBe(false);
  });
});

describe('parseKey', () => {
  it('accepts hex, hex: and base64: keys of ≥ 16 bytes', () => {
    expect(parseKey('hex:' + 'ab'.repeat(16)).length).toBe(16);
    expect(parseKey('base64:' + Buffer.alloc(24, 7).toString('base64'))).toEqual(new Uint8Array(24).fill(7));
    expect(parseKey(generateKeyHex()).length).toBe(32);
  });

  it('refuses short or malformed keys with a ConfigError', () => {
    expect(() => parseKey('abcd')).toThrow(/≥ 16 bytes/);
    expect(() => parseKey('hex:abc')).toThrow(ConfigError);
    expect(() => parseKey('not a key!')).toThrow(ConfigError);
  });

  it('match the test vector published in docs/protocol.md', () => {
    const k = new Uint8Array(32).fill(0x11);
    const ns = Uint8Array.from({ length: 32 }, (_, i) => i);
    const nsSite = Uint8Array.from({ length: 32 }, (_, i) => i + 32);
    expect(Buffer.from(siteProof(k, 'KM', ns, nsSite)).toString('hex')).toBe('744b83221d3e5f186f5a18d17bd83e427343228cc2aff4095a13bd05f4f2302e');
    expect(Buffer.from(coordinatorProof(k, 'KM', ns, nsSite)).toString('hex')).toBe('629d02913eb9d8a39b0a19cc4e0cab9e7ba2aec9deae01ebcdd5320f1277ba6d');
  });
});
