import { committedOf, judgeFunds, type Commitment } from './spendable-funds.js';

const USDC = 'usdc-mint';
const NOW = 1_000_000;
const commitment = (lamports: bigint, tokens = 0n, mint?: string, deadline = NOW + 1): Commitment => ({ lamports, tokens, mint, deadline });

describe('committedOf', () => {
  it('sums the live commitments: every one of their lamports, and the tokens of the mint asked about', () => {
    const commitments = [commitment(10n), commitment(5n, 7n, USDC), commitment(1n, 100n, 'other-mint')];
    expect(committedOf(commitments, USDC, NOW)).toEqual({ lamports: 16n, tokens: 7n });
    expect(committedOf(commitments, undefined, NOW)).toEqual({ lamports: 16n, tokens: 0n });
  });

  it('leaves out a commitment past its deadline (its transaction landed or never can)', () => {
    expect(committedOf([commitment(10n, 3n, USDC, NOW), commitment(4n, 2n, USDC, NOW + 1)], USDC, NOW)).toEqual({ lamports: 4n, tokens: 2n });
  });
});

describe('judgeFunds', () => {
  const none = { lamports: 0n, tokens: 0n };

  it('enough when the holdings beyond what is committed pay for it, to the base unit', () => {
    expect(judgeFunds({ lamports: 10n, tokens: 0n }, { lamports: 10n, tokens: 0n }, none)).toEqual({ kind: 'enough' });
    expect(judgeFunds({ lamports: 10n, mint: USDC, tokens: 5n }, { lamports: 15n, tokens: 8n }, { lamports: 5n, tokens: 3n })).toEqual({ kind: 'enough' });
  });

  it('short, final, when the holdings alone cannot pay (whatever is committed): SOL first, then the token, with what is held', () => {
    expect(judgeFunds({ lamports: 11n, tokens: 0n }, { lamports: 10n, tokens: 0n }, { lamports: 4n, tokens: 0n })).toEqual({
      kind: 'short',
      symbol: 'SOL',
      needed: 11n,
      holds: 10n,
    });
    expect(judgeFunds({ lamports: 1n, mint: USDC, tokens: 6n }, { lamports: 10n, tokens: 5n }, none)).toEqual({
      kind: 'short',
      symbol: 'token',
      needed: 6n,
      holds: 5n,
    });
  });

  it('committed when only the orders in flight stand in the way, on either side', () => {
    expect(judgeFunds({ lamports: 10n, tokens: 0n }, { lamports: 15n, tokens: 0n }, { lamports: 6n, tokens: 0n })).toEqual({ kind: 'committed' });
    expect(judgeFunds({ lamports: 1n, mint: USDC, tokens: 5n }, { lamports: 10n, tokens: 8n }, { lamports: 0n, tokens: 4n })).toEqual({ kind: 'committed' });
  });

  it('a native-SOL input needs no token: a token balance of 0 is not short', () => {
    expect(judgeFunds({ lamports: 10n, tokens: 99n }, { lamports: 10n, tokens: 0n }, none)).toEqual({ kind: 'enough' });
  });
});
