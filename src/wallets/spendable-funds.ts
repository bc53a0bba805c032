/** What one order needs from its wallet: SOL (fees, rent, and the amount when SOL is the input) and the input token. */
export interface FundsNeeded {
  readonly lamports: bigint;
  /** The input token's mint on the network; absent when the input is native SOL. */
  readonly mint?: string;
  readonly tokens: bigint;
}

/** A wallet's balances as the network reports them: lamports, and the input token's base units. */
export interface WalletHoldings {
  readonly lamports: bigint;
  readonly tokens: bigint;
}

/** What an order in flight committed of its wallet, until its transaction landed, failed or expired. */
export interface Commitment extends FundsNeeded {
  /** Epoch ms after which its transaction has landed or can never land: the commitment no longer counts. */
  readonly deadline: number;
}

export type FundsVerdict =
  | { readonly kind: 'enough' }
  /** The holdings alone cannot pay: final, whatever the orders in flight come to. */
  | { readonly kind: 'short'; readonly symbol: 'SOL' | 'token'; readonly needed: bigint; readonly holds: bigint }
  /** The holdings can pay, but not beside what orders in flight committed: decided once one of them settles. */
  | { readonly kind: 'committed' };

/** The live commitments' sums: lamports, and base units of `mint`. */
export function committedOf(commitments: readonly Commitment[], mint: string | undefined, now: number): WalletHoldings {
  let lamports = 0n;
  let tokens = 0n;
  for (const commitment of commitments) {
    if (commitment.deadline <= now) continue;
    lamports += commitment.lamports;
    if (mint !== undefined && commitment.mint === mint) tokens += commitment.tokens;
  }
  return { lamports, tokens };
}

/**
 * Whether a wallet can pay for an order beside the orders of it in flight. What they committed is spent from the
 * holdings first: two orders the wallet can pay for only one of never both pass.
 */
export function judgeFunds(needed: FundsNeeded, holdings: WalletHoldings, committed: WalletHoldings): FundsVerdict {
  const sides = [
    { symbol: 'SOL' as const, needed: needed.lamports, holds: holdings.lamports, committed: committed.lamports },
    { symbol: 'token' as const, needed: needed.mint === undefined ? 0n : needed.tokens, holds: holdings.tokens, committed: committed.tokens },
  ];
  const short = sides.find((side) => side.holds < side.needed);
  if (short) return { kind: 'short', symbol: short.symbol, needed: short.needed, holds: short.holds };
  return sides.some((side) => side.holds - side.committed < side.needed) ? { kind: 'committed' } : { kind: 'enough' };
}
