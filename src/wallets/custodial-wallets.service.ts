import { Injectable, Logger } from '@nestjs/common';
import { airdropFactory, lamports, type KeyPairSigner } from '@solana/kit';
import { isLocalRpc } from '../chain/cluster-name.js';
import { SolanaClient } from '../chain/solana-client.js';
import { AppConfig } from '../config/app-config.js';
import { WalletFiles } from './wallet-files.js';

/**
 * The wallets the engine trades from: one per API key (one shared wallet when the engine runs open), kept as
 * keypair files in WALLETS_DIR. On a local network a new wallet is funded by the faucet (FAUCET_SOL).
 */
@Injectable()
export class CustodialWallets {
  private readonly logger = new Logger(CustodialWallets.name);
  private readonly files: WalletFiles;
  private readonly loaded = new Map<string, Promise<KeyPairSigner>>();

  constructor(
    private readonly client: SolanaClient,
    private readonly config: AppConfig,
  ) {
    this.files = new WalletFiles(config.wallets.dir);
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
    if (created) {
      this.logger.log(`new wallet ${signer.address} for ${owner ?? 'the open engine'}`);
      await this.fund(signer);
    }
    return signer;
  }

  /** The faucet: a new wallet gets FAUCET_SOL (a local network's airdrop; elsewhere the operator funds it). */
  private async fund(signer: KeyPairSigner): Promise<void> {
    const sol = this.config.wallets.faucetSol;
    if (sol <= 0 || !isLocalRpc(this.client.rpcUrl)) return;
    // Confirmed before the wallet is handed out: its first order finds the SOL there.
    await airdropFactory({ rpc: this.client.rpc, rpcSubscriptions: this.client.subscriptions })({
      recipientAddress: signer.address,
      lamports: lamports(BigInt(Math.round(sol * 1e9))),
      commitment: 'confirmed',
    });
  }
}
