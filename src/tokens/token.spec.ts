import { DEFAULT_TOKENS } from './token.js';

/**
 * The built-in token table is data the whole engine relies on (decimals convert every amount; `native` decides
 * wrap and unwrap steps): each entry pinned, as on mainnet.
 */
describe('the built-in token table', () => {
  it('has each token with its mainnet mint, its decimals, and native SOL alone', () => {
    expect(DEFAULT_TOKENS.map(({ symbol, name, mint, decimals, native }) => [symbol, name, mint, decimals, native])).toEqual([
      ['SOL', 'Solana', 'So11111111111111111111111111111111111111112', 9, true],
      ['USDC', 'USD Coin', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 6, false],
      ['USDT', 'Tether USD', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 6, false],
      ['JUP', 'Jupiter', 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN', 6, false],
      ['BONK', 'Bonk', 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', 5, false],
      ['RAY', 'Raydium', '4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R', 6, false],
    ]);
  });

  it('seeds the simulated venues at plausible reference prices', () => {
    expect(Object.fromEntries(DEFAULT_TOKENS.map((t) => [t.symbol, t.referenceUsd]))).toEqual({
      SOL: 150,
      USDC: 1,
      USDT: 1,
      JUP: 0.9,
      BONK: 0.00002,
      RAY: 2.5,
    });
  });
});
