import { DEFAULT_TOKENS } from '../tokens/token.js';
import { marketAddress, marketSigner } from './market-keys.js';
import { NetworkMints } from './network-mints.js';

const [SOL, USDC, USDT] = DEFAULT_TOKENS;

describe('NetworkMints', () => {
  it("uses the registry's mints on a cluster that is not local", () => {
    const mints = new NetworkMints(false);
    expect(DEFAULT_TOKENS.map((token) => mints.of(token))).toEqual(DEFAULT_TOKENS.map((token) => token.mint));
  });

  it('gives every SPL token a mint of its own on a local network, the same in every process; SOL stays wrapped SOL', () => {
    const mints = new NetworkMints(true);
    expect(mints.of(SOL)).toBe(SOL.mint);
    expect(mints.of(USDC)).not.toBe(USDC.mint);
    expect(mints.of(USDC)).not.toBe(mints.of(USDT));
    expect(new NetworkMints(true).of(USDC)).toBe(mints.of(USDC));
    // The symbol names the token, whatever its case.
    expect(mints.of({ ...USDC, symbol: 'usdc' })).toBe(marketAddress({ kind: 'mint', symbol: 'USDC' }));
  });
});

describe('market keys', () => {
  it("derive the signer's address synchronously: the same address as the WebCrypto signer", async () => {
    for (const key of [{ kind: 'authority' } as const, { kind: 'mint', symbol: 'RAY' } as const])
      expect(marketAddress(key)).toBe((await marketSigner(key)).address);
    expect(marketAddress({ kind: 'authority' })).not.toBe(marketAddress({ kind: 'mint', symbol: 'RAY' }));
  });

  it('are pinned: the addresses a local network already holds mints at do not move when the code changes', () => {
    expect([marketAddress({ kind: 'authority' }), marketAddress({ kind: 'mint', symbol: 'USDC' })]).toEqual([
      '55SdBNNryAsV3HkCSc26rQguGUSnSxFBw9kJ7d4vHCoP',
      'A4Hpq2wnwnt2xLZZcBQpiBq8EKJZQ1Sq5d7bX36vTca4',
    ]);
    // A pool's authority (the owner of its vaults) follows from the engine's key prefix and the pool's id.
    expect(marketAddress({ kind: 'pool', poolId: 'oee/raydium:SOL-USDC' })).toBe('FQrU2r8xPucUaCDp2ZrgyAxib8vceyyo8sC5FVxRWYC6');
    expect(marketAddress({ kind: 'pool', poolId: 'other/raydium:SOL-USDC' })).not.toBe('FQrU2r8xPucUaCDp2ZrgyAxib8vceyyo8sC5FVxRWYC6');
  });
});
