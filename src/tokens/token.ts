export interface Token {
  readonly symbol: string;
  readonly name: string;
  readonly mint: string;
  readonly decimals: number;
  /** Native SOL: swaps through the wrapped-SOL mint need wrap/unwrap steps. */
  readonly native: boolean;
  /** Reference price in USD, used only to seed the simulated venues. */
  readonly referenceUsd: number;
}

const WRAPPED_SOL_MINT = 'So11111111111111111111111111111111111111112';

/** Mainnet mints and decimals of the tokens the engine knows out of the box. */
export const DEFAULT_TOKENS: readonly Token[] = [
  { symbol: 'SOL', name: 'Solana', mint: WRAPPED_SOL_MINT, decimals: 9, native: true, referenceUsd: 150 },
  { symbol: 'USDC', name: 'USD Coin', mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6, native: false, referenceUsd: 1 },
  { symbol: 'USDT', name: 'Tether USD', mint: 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', decimals: 6, native: false, referenceUsd: 1 },
  { symbol: 'JUP', name: 'Jupiter', mint: 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN', decimals: 6, native: false, referenceUsd: 0.9 },
  { symbol: 'BONK', name: 'Bonk', mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', decimals: 5, native: false, referenceUsd: 0.00002 },
  { symbol: 'RAY', name: 'Raydium', mint: '4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R', decimals: 6, native: false, referenceUsd: 2.5 },
];
