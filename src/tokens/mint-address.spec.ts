import { randomBytes } from 'node:crypto';
import { encodeBase58 } from '../common/base58.js';
import { DEFAULT_TOKENS } from './token.js';
import { validateSync } from 'class-validator';
import { isMintAddress, IsMintAddress } from './mint-address.js';

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

describe('@IsMintAddress', () => {
  class Launch {
    @IsMintAddress()
    mint!: unknown;
  }
  const errorsOf = (mint: unknown) => validateSync(Object.assign(new Launch(), { mint }));

  it('passes a mint, and refuses anything else naming the property and the rule', () => {
    expect(errorsOf(DEFAULT_TOKENS[1].mint)).toEqual([]);
    for (const bad of ['SOL', 42, null, encodeBase58(randomBytes(31))]) {
      const [error] = errorsOf(bad);
      expect(error.constraints).toEqual({ isMintAddress: 'mint must be a Solana mint address (base58, 32 bytes)' });
    }
  });

  it('keeps a message given to it', () => {
    class Custom {
      @IsMintAddress({ message: 'not a mint' })
      mint!: unknown;
    }
    expect(validateSync(Object.assign(new Custom(), { mint: 'x' }))[0].constraints).toEqual({ isMintAddress: 'not a mint' });
  });
});
