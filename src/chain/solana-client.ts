import { Injectable } from '@nestjs/common';
import { createSolanaRpc, createSolanaRpcSubscriptions, type Rpc, type RpcSubscriptions, type SolanaRpcApi, type SolanaRpcSubscriptionsApi } from '@solana/kit';
import { AppConfig } from '../config/app-config.js';

/**
 * The engine's connection to its Solana cluster: standard JSON-RPC and WebSocket subscriptions only (no
 * Surfpool-only method on the product's path), so the same code runs against a local network, a
 * solana-test-validator, devnet or a provider's mainnet endpoint.
 */
@Injectable()
export class SolanaClient {
  readonly rpc: Rpc<SolanaRpcApi>;
  readonly subscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
  readonly rpcUrl: string;
  readonly wsUrl: string;

  constructor(config: AppConfig) {
    const { rpcUrl, wsUrl } = config.chain;
    if (!rpcUrl || !wsUrl) throw new Error('the Solana RPC URL is not resolved: start the app through bootstrap()');
    this.rpcUrl = rpcUrl;
    this.wsUrl = wsUrl;
    this.rpc = createSolanaRpc(rpcUrl);
    this.subscriptions = createSolanaRpcSubscriptions(wsUrl);
  }
}
