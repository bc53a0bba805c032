import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_TOKENS, type Token } from './token.js';
import { TokenRegistry, toTokenView } from './token-registry.js';

const WIF: Token = { symbol: 'WIF', name: 'dogwifhat', mint: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm', decimals: 6, native: false, referenceUsd: 2.1 };
const withExtra = (...extra: Token[]) => new TokenRegistry({ tokens: { extra } } as unknown as AppConfig);

describe('TokenRegistry', () => {
  it('resolves every built-in token by symbol in any case, and by mint', () => {
    const registry = new TokenRegistry();
    for (const token of DEFAULT_TOKENS) {
      expect(registry.resolve(token.symbol)).toBe(token);
      expect(registry.resolve(token.symbol.toLowerCase())).toBe(token);
      expect(registry.resolve(token.mint)).toBe(token);
    }
    expect(registry.symbols()).toEqual(DEFAULT_TOKENS.map((t) => t.symbol));
  });

  it('resolves nothing for an unknown symbol, and treats a mint case-sensitively (base58)', () => {
    const registry = new TokenRegistry();
    expect(registry.resolve('NOPE')).toBeUndefined();
    expect(registry.resolve(DEFAULT_TOKENS[0].mint.toLowerCase())).toBeUndefined();
  });

  it('adds the configured extra tokens after the built-in ones', () => {
    const registry = withExtra(WIF);
    expect(registry.resolve('wif')).toBe(WIF);
    expect(registry.resolve(WIF.mint)).toBe(WIF);
    expect(registry.all()).toEqual([...DEFAULT_TOKENS, WIF]);
  });

  it('lets a later token take a symbol over, but never a mint already known', () => {
    const [sol] = DEFAULT_TOKENS;
    const impostor: Token = { ...WIF, symbol: 'SOL2', mint: sol.mint };
    const renamed: Token = { ...WIF, symbol: sol.symbol };
    const registry = withExtra(impostor, renamed);
    expect(registry.resolve(sol.mint)).toBe(sol); // the first token with a mint keeps it
    expect(registry.resolve('SOL')).toBe(renamed);
    expect(registry.resolve('SOL2')).toBe(impostor);
  });

  it('shows a token as symbol, mint and decimals only', () => {
    expect(toTokenView(WIF)).toEqual({ symbol: 'WIF', mint: WIF.mint, decimals: 6 });
  });
});
