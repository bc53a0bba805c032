import { address, createSolanaRpc } from '@solana/kit';
import type { INestApplication } from '@nestjs/common';
import { LocalPools } from '../../src/local-market/local-pools.service.js';
import { getJson } from './http.js';

/** The order's successful transactions on the network, found by its memo among the engine's wallet's. */
export async function landedWithMemo(engineUrl: string, rpcUrl: string, orderId: string): Promise<string[]> {
  const wallet = (await getJson(engineUrl, '/api/wallet')).body.address as string;
  const found = await createSolanaRpc(rpcUrl).getSignaturesForAddress(address(wallet), { commitment: 'confirmed' }).send();
  return found.filter((entry) => entry.err === null && entry.memo?.includes(`order:${orderId}`)).map((entry) => entry.signature);
}

/** Every pool holds in its vaults on the network exactly what the venue's state says (once nothing is pending). */
export async function expectPoolsEqualVaults(app: INestApplication): Promise<void> {
  const pools = await app.get(LocalPools, { strict: false }).audit();
  expect(pools.length).toBeGreaterThan(10);
  for (const pool of pools) expect({ pool: pool.poolId, held: pool.onChain }).toEqual({ pool: pool.poolId, held: pool.state });
}
