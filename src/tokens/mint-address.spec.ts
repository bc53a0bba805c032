import { randomBytes } from 'node:crypto';
import { encodeBase58 } from '../common/base58.js';
import { DEFAULT_TOKENS } from './token.js';
import { isMintAddress } from './mint-address.js';

describe('isMintAddress', () => {
  it('accepts every known mint and random 32-byte addresses, including ones with leading zero bytes', () => {
    for (const token of DEFAULT_TOKENS) expect(isMintAddress(token.mint)).toBe(true);
    for (let i = 0; i < 200; i++) expect(isMintAddress(encodeBase58(randomBytes(32)))).toBe(true);
    expect(isMintAddress(encodeBase58(new Uint8Array(32)))).toBe(true);
    expect(isMintAddress(encodeBase58(Uint8Array.from([0, 0, ...randomBytes(30)])))).toBe(true);
  });

  it('refuses other lengths, characters outside base58 and symbols', () => {
    expect(isMintAddress(encodeBase58(randomBytes(31)))).toBe(false);
    expect(isMintAddress(encodeBase58(randomBytes(33)))).toBe(false);
    expect(isMintAddress(encodeBase58(randomBytes(64)))).toBe(false);
    expect(isMintAddress('0' + DEFAULT_TOKENS[1].mint.slice(1))).toBe(false);
    expect(isMintAddress('l' + DEFAULT_TOKENS[1].mint.slice(1))).toBe(false);
    expect(isMintAddress('SOL')).toBe(false);
    expect(isMintAddress('')).toBe(false);
  });
});
