import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { ChainResponse } from '../contracts/rest.js';
import { clusterName } from './cluster-name.js';
import { SolanaClient } from './solana-client.js';

/** Which network the engine settles on, as `GET /api/chain` and readiness report it. */
export abstract class ChainInfo {
  abstract describe(): Promise<ChainResponse>;
  /** Resolves when the network answers; rejects (for readiness) when it does not. */
  abstract ping(): Promise<void>;
}

/** A Solana cluster: its identity (genesis hash) and where it is now (slot, block height). */
@Injectable()
export class SolanaChainInfo extends ChainInfo {
  constructor(
    private readonly client: SolanaClient,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async describe(): Promise<ChainResponse> {
    const { rpc, rpcUrl, wsUrl } = this.client;
    const { commitment, publicRpcUrl, publicWsUrl } = this.config.chain;
    const [genesisHash, slot, blockHeight] = await Promise.all([
      rpc.getGenesisHash().send(),
      rpc.getSlot({ commitment }).send(),
      rpc.getBlockHeight({ commitment }).send(),
    ]);
    return {
      mode: 'solana',
      cluster: clusterName(genesisHash, rpcUrl),
      rpcUrl: publicRpcUrl ?? rpcUrl,
      wsUrl: publicWsUrl ?? wsUrl,
      genesisHash,
      slot: slot.toString(),
      blockHeight: blockHeight.toString(),
      commitment,
    };
  }

  async ping(): Promise<void> {
    await this.client.rpc.getSlot().send();
  }
}

/** CHAIN=paper: swaps land on the simulated chain in Redis; there is no network to describe. */
@Injectable()
export class PaperChainInfo extends ChainInfo {
  async describe(): Promise<ChainResponse> {
    return { mode: 'paper', cluster: 'paper', rpcUrl: null, wsUrl: null, genesisHash: null, slot: null, blockHeight: null, commitment: null };
  }

  async ping(): Promise<void> {}
}
