import type { Address, Instruction, TransactionSigner } from '@solana/kit';
import { getAddMemoInstruction, LEGACY_MEMO_PROGRAM_ADDRESS_V3 } from '@solana-program/memo';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  getCloseAccountInstruction,
  getCreateAssociatedTokenIdempotentInstruction,
  getSyncNativeInstruction,
  getTransferCheckedInstruction,
} from '@solana-program/token';

/** One side of a swap as the network holds it: the token's mint there, its decimals, and whether it is native SOL. */
export interface SwapToken {
  readonly mint: Address;
  readonly decimals: number;
  readonly native: boolean;
}

/**
 * One leg: the tokens it swaps, the trader's accounts it takes from and pays into, the pool's vaults (its input and
 * output token accounts) and the authority that signs for them.
 */
export interface SwapLegAccounts {
  readonly input: SwapToken;
  readonly output: SwapToken;
  readonly traderFrom: Address;
  readonly traderTo: Address;
  readonly vaultIn: Address;
  readonly vaultOut: Address;
  readonly poolAuthority: TransactionSigner;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
}

export interface SwapPlan {
  readonly trader: TransactionSigner;
  readonly input: SwapToken;
  readonly output: SwapToken;
  /** The trader's associated token accounts for the input and output mints (wrapped SOL's for native SOL). */
  readonly traderIn: Address;
  readonly traderOut: Address;
  readonly legs: readonly SwapLegAccounts[];
  /** Written on chain with the swap, so anyone finds an order's transactions: `order:<id>`. */
  readonly memo: string;
  /**
   * The trader's token accounts known to exist: not created again (the associated-token program's idempotent
   * create costs a network more than the swap's transfers). Unknown: created, idempotently.
   */
  readonly existing?: { readonly traderIn: boolean; readonly traderOut: boolean };
  /**
   * The trader's accounts for the tokens a path goes through (its first leg pays into one, its second takes from
   * it): created, idempotently; each ends the swap holding what it held before.
   */
  readonly intermediates?: readonly { readonly mint: Address; readonly account: Address }[];
}

/**
 * The instructions of one swap, every leg in the same transaction (all land or none): native SOL in is wrapped
 * first (the wrapped-SOL account created unless it exists, funded, synced), the output account is created unless
 * it exists and so are the accounts of the tokens a path goes through, each leg moves the trader's tokens into the
 * pool's vault and the pool's output to the trader (a path's second leg takes what its first gave), native SOL out
 * is unwrapped (the wrapped-SOL account closed to the trader), and a memo names the order. A wrapped-SOL input
 * account, emptied by the swap, stays open for the next one. Compute-budget instructions are the lander's.
 */
export function swapInstructions(plan: SwapPlan): Instruction[] {
  const { trader, input, output, traderIn, traderOut } = plan;
  const amountIn = plan.legs.filter((leg) => leg.traderFrom === traderIn).reduce((sum, leg) => sum + leg.amountIn, 0n);
  const wrap = input.native
    ? [
        ...(plan.existing?.traderIn ? [] : [createAccount(trader, traderIn, input.mint)]),
        getTransferSolInstruction({ source: trader, destination: traderIn, amount: amountIn }),
        getSyncNativeInstruction({ account: traderIn }),
      ]
    : [];
  const legs = plan.legs.flatMap((leg) => [
    getTransferCheckedInstruction({
      source: leg.traderFrom,
      mint: leg.input.mint,
      destination: leg.vaultIn,
      authority: trader,
      amount: leg.amountIn,
      decimals: leg.input.decimals,
    }),
    getTransferCheckedInstruction({
      source: leg.vaultOut,
      mint: leg.output.mint,
      destination: leg.traderTo,
      authority: leg.poolAuthority,
      amount: leg.amountOut,
      decimals: leg.output.decimals,
    }),
  ]);
  const unwrap = output.native ? [getCloseAccountInstruction({ account: traderOut, destination: trader.address, owner: trader })] : [];
  return [
    ...wrap,
    ...(plan.existing?.traderOut ? [] : [createAccount(trader, traderOut, output.mint)]),
    ...(plan.intermediates ?? []).map(({ mint, account }) => createAccount(trader, account, mint)),
    ...legs,
    ...unwrap,
    getAddMemoInstruction({ memo: plan.memo }, { programAddress: LEGACY_MEMO_PROGRAM_ADDRESS_V3 }),
  ];
}

const createAccount = (trader: TransactionSigner, account: Address, mint: Address): Instruction =>
  getCreateAssociatedTokenIdempotentInstruction({ payer: trader, ata: account, owner: trader.address, mint });

/** The memo of an order's swaps: how its transactions are found on chain. */
export const orderMemo = (orderId: string): string => `order:${orderId}`;
