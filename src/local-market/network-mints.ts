import { address, type Address } from '@solana/kit';
import type { Token } from '../tokens/token.js';
import { marketAddress } from './market-keys.js';

/**
 * The mint each registry token has on the network orders settle on. A local network has none of mainnet's mints
 * (nobody holds their keys), so it gets mints of its own at addresses derived from the symbol (see
 * `marketAddress`); any other cluster uses the registry's. Native SOL is the wrapped-SOL mint everywhere.
 */
export class NetworkMints {
  private readonly local = new Map<string, Address>();

  constructor(readonly onLocalNetwork: boolean) {}

  of(token: Token): Address {
    if (token.native || !this.onLocalNetwork) return address(token.mint);
    let mint = this.local.get(token.symbol);
    if (!mint) {
      mint = marketAddress({ kind: 'mint', symbol: token.symbol });
      this.local.set(token.symbol, mint);
    }
    return mint;
  }
}
