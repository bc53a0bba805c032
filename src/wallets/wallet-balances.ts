import type { Address, Rpc, SolanaRpcApi } from '@solana/kit';
import { fetchAllMaybeToken, findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import type { NetworkMints } from '../local-market/network-mints.js';
import type { Token } from '../tokens/token.js';

export interface TokenBalance {
  readonly symbol: string;
  readonly mint: string;
  readonly decimals: number;
  /** The token's mint on this network (a local network has mints of its own). */
  readonly networkMint: string;
  /** Base units, as a decimal string: lamports for SOL, the token's smallest unit otherwise. */
  readonly amount: string;
}

/**
 * A wallet's balances in every registry token: SOL from the account's lamports (native SOL, what swaps spend and
 * wrap), each SPL token from its associated token account for the network's mint (0 when it has none yet). One round trip
 * for the tokens.
 */
export async function walletBalances(rpc: Rpc<SolanaRpcApi>, owner: Address, tokens: readonly Token[], mints: NetworkMints): Promise<TokenBalance[]> {
  const spl = tokens.filter((token) => !token.native);
  const accounts = await Promise.all(
    spl.map(async (token) => (await findAssociatedTokenPda({ owner, mint: mints.of(token), tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0]),
  );
  const [{ value: lamports }, found] = await Promise.all([rpc.getBalance(owner).send(), fetchAllMaybeToken(rpc, accounts)]);
  const amounts = new Map(spl.map((token, i) => [token.mint, found[i].exists ? found[i].data.amount : 0n]));
  return tokens.map((token) => ({
    symbol: token.symbol,
    mint: token.mint,
    networkMint: mints.of(token),
    decimals: token.decimals,
    amount: (token.native ? lamports : (amounts.get(token.mint) ?? 0n)).toString(),
  }));
}
