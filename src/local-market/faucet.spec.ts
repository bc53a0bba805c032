import { DEFAULT_TOKENS } from '../tokens/token.js';
import { faucetGrant } from './faucet.js';

const bySymbol = new Map(DEFAULT_TOKENS.map((token) => [token.symbol, token]));
const token = (symbol: string) => bySymbol.get(symbol)!;

describe('faucetGrant', () => {
  it('gives the USD amount in whole tokens at the reference price, in base units', () => {
    expect(faucetGrant(token('USDC'), 10_000)).toBe(10_000_000_000n);
    // 10,000 USD of JUP at 0.9 USD: 11,111 whole JUP (6 decimals).
    expect(faucetGrant(token('JUP'), 10_000)).toBe(11_111_000_000n);
    // BONK at 0.00002 USD, 5 decimals: 500 million BONK.
    expect(faucetGrant(token('BONK'), 10_000)).toBe(50_000_000_000_000n);
  });

  it('gives nothing of native SOL (the airdrop funds it) and nothing at 0 USD', () => {
    expect(faucetGrant(token('SOL'), 10_000)).toBe(0n);
    expect(faucetGrant(token('USDC'), 0)).toBe(0n);
    expect(faucetGrant({ ...token('USDC'), referenceUsd: 0 }, 10_000)).toBe(0n);
  });
});
