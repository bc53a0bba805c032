import type { Token } from '../tokens/token.js';

/**
 * What the faucet gives a new wallet of one SPL token: `usd` worth at the token's reference price, in whole tokens
 * (base units), so that a wallet can trade every pair out of the box. Native SOL comes from the airdrop instead.
 */
export function faucetGrant(token: Token, usd: number): bigint {
  // A token without a reference price (an extra token listed without one) has no USD worth to give.
  if (token.native || usd <= 0 || !(token.referenceUsd > 0)) return 0n;
  // Rounded, not floored: 10,000 / 0.00002 is 499,999,999.99999994 in floating point.
  return BigInt(Math.round(usd / token.referenceUsd)) * 10n ** BigInt(token.decimals);
}
