import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { address, createSolanaRpc } from '@solana/kit';
import type { INestApplication } from '@nestjs/common';
import { LocalPools } from '../../src/local-market/local-pools.service.js';
import { SimulatedExchange } from '../../src/simulation/simulated-exchange.js';
import { getJson } from './http.js';
import { startTestApp, type TestApp } from './test-app.js';
import { waitUntil } from './wait.js';

/** The order's successful transactions on the network, found by its memo among the engine's wallet's. */
export async function landedWithMemo(engineUrl: string, rpcUrl: string, orderId: string): Promise<string[]> {
  const wallet = (await getJson(engineUrl, '/api/wallet')).body.address as string;
  const found = await createSolanaRpc(rpcUrl).getSignaturesForAddress(address(wallet), { commitment: 'confirmed' }).send();
  return found.filter((entry) => entry.err === null && entry.memo?.includes(`order:${orderId}`)).map((entry) => entry.signature);
}

/**
 * Every pool holds in its vaults on the network exactly what the venue's state says, once nothing is pending: a
 * reservation left by an attempt cut short (Redis gone while it was built) is settled by the sweeper once its
 * blockhash has expired, within `pendingForMs`.
 */
export async function expectPoolsEqualVaults(app: INestApplication, pendingForMs = 30_000): Promise<void> {
  const exchange = app.get(SimulatedExchange, { strict: false });
  await waitUntil(async () => (await exchange.pendingReservations()).length === 0, pendingForMs, 'no reservation pending');
  const pools = await app.get(LocalPools, { strict: false }).audit();
  expect(pools.length).toBeGreaterThan(10);
  for (const pool of pools) expect({ pool: pool.poolId, held: pool.onChain }).toEqual({ pool: pool.poolId, held: pool.state });
}

/**
 * An engine in this process settling on `network` (a local one, or a proxy in front of it) from wallets of its
 * own (their directory removed on close), its wallet opened and funded before the test starts: the faucet's own
 * transactions go through a proxy too, so a fault injected afterwards meets only the orders.
 */
export async function startChainApp(
  redisUrl: string,
  network: { readonly rpcUrl: string; readonly wsUrl: string },
  env: Record<string, string> = {},
): Promise<TestApp> {
  const walletsDir = mkdtempSync(join(tmpdir(), 'oee-chain-'));
  const engine = await startTestApp(redisUrl, {
    CHAIN: 'solana',
    SOLANA_RPC_URL: network.rpcUrl,
    SOLANA_WS_URL: network.wsUrl,
    WALLETS_DIR: walletsDir,
    FAUCET_SOL: '20',
    ...env,
  });
  expect((await getJson(engine.baseUrl, '/api/wallet')).status).toBe(200);
  return {
    ...engine,
    close: async () => {
      await engine.close();
      rmSync(walletsDir, { recursive: true, force: true });
    },
  };
}
