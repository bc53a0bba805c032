import { Injectable, Logger } from '@nestjs/common';
import type { KeyPairSigner } from '@solana/kit';
import { AppConfig } from '../config/app-config.js';
import { LocalMarket } from '../local-market/local-market.service.js';
import { WalletFiles } from './wallet-files.js';

/**
 * The wallets the engine trades from: one per API key (one shared wallet when the engine runs open), kept as
 * keypair files in WALLETS_DIR. On a local network a new wallet is funded by the faucet (FAUCET_SOL, FAUCET_USD).
 */
@Injectable()
export class CustodialWallets {
  private readonly logger = new Logger(CustodialWallets.name);
  private readonly files: WalletFiles;
  private readonly loaded = new Map<string, Promise<KeyPairSigner>>();

  constructor(
    private readonly market: LocalMarket,
    config: AppConfig,
  ) {
    this.files = new WalletFiles(config.wallets.dir);
    // A local network restarted empty lost every wallet's funds: the next open funds it again.
    market.onNetworkReset(() => this.loaded.clear());
  }

  /** The owner's signer (an API key's name; null when the engine runs open). */
  signerFor(owner: string | null): Promise<KeyPairSigner> {
    const key = owner ?? '';
    let signer = this.loaded.get(key);
    if (!signer) {
      signer = this.open(owner);
      this.loaded.set(key, signer);
      signer.catch(() => this.loaded.delete(key));
    }
    return signer;
  }

  private async open(owner: string | null): Promise<KeyPairSigner> {
    const { signer, created } = await this.files.load(owner);
    if (created) this.logger.log(`new wallet ${signer.address} for ${owner ?? 'the open engine'}`);
    // Confirmed before the wallet is handed out: its first order finds its funds there. Asked on every open, so a
    // funding that failed, or a local network that lost its state, is made good.
    await this.market.fundIfEmpty(signer.address);
    return signer;
  }
}
