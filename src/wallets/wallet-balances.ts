import { address, type Address, type Rpc, type SolanaRpcApi } from '@solana/kit';
import { fetchAllMaybeToken, findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import type { Token } from '../tokens/token.js';

export interface TokenBalance {
  readonly symbol: string;
  readonly mint: string;
  readonly decimals: number;
  /** Base units, as a decimal string: lamports for SOL, the token's smallest unit otherwise. */
  readonly amount: string;
}

/**
 * A wallet's balances in every registry token: SOL from the account's lamports (native SOL, what swaps spend and
 * wrap), each SPL token from its associated token account (0 when it has none yet). One round trip for the tokens.
 */
export async function walletBalances(rpc: Rpc<SolanaRpcApi>, owner: Address, tokens: readonly Token[]): Promise<TokenBalance[]> {
  const spl = tokens.filter((token) => !token.native);
  const accounts = await Promise.all(
    spl.map(async (token) => (await findAssociatedTokenPda({ owner, mint: address(token.mint), tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0]),
  );
  const [{ value: lamports }, found] = await Promise.all([rpc.getBalance(owner).send(), fetchAllMaybeToken(rpc, accounts)]);
  const amounts = new Map(spl.map((token, i) => [token.mint, found[i].exists ? found[i].data.amount : 0n]));
  return tokens.map(({ symbol, mint, decimals, native }) => ({ symbol, mint, decimals, amount: (native ? lamports : (amounts.get(mint) ?? 0n)).toString() }));
}
