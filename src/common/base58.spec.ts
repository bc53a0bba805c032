import { randomBytes } from 'node:crypto';
import { decodeBase58, encodeBase58 } from './base58.js';

describe('base58', () => {
  it('matches known encodings', () => {
    expect(encodeBase58(Uint8Array.from([0, 0, 1]))).toBe('112');
    expect(encodeBase58(new Uint8Array(3))).toBe('111');
    expect(encodeBase58(Uint8Array.from([255, 255]))).toBe('LUv');
    expect(encodeBase58(new TextEncoder().encode('hello world'))).toBe('StV1DL6CwTryKyV');
  });

  it('round-trips 64-byte signatures, which encode to 86–88 characters', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(64);
      const text = encodeBase58(bytes);
      expect(text).toMatch(/^[1-9A-HJ-NP-Za-km-z]{86,88}$/);
      expect(Buffer.from(decodeBase58(text))).toEqual(bytes);
    }
  });
});
