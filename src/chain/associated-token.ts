import type { Address } from '@solana/kit';
import { findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';

/** Owners × mints remembered; past this the memory starts afresh (a wallet's next order derives its two again). */
const REMEMBERED = 10_000;
const known = new Map<string, Promise<Address>>();

/**
 * The owner's associated token account for `mint`. A program-derived address costs a SHA-256 and a curve check
 * per bump tried (about 1 ms of CPU); it never changes, so each is derived once.
 */
export function associatedTokenAddress(owner: Address, mint: Address): Promise<Address> {
  const key = `${owner}/${mint}`;
  let account = known.get(key);
  if (!account) {
    if (known.size >= REMEMBERED) known.clear();
    account = findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }).then(([address]) => address);
    known.set(key, account);
  }
  return account;
}
