// The network's side of `npm run bench`: the signed SPL transfer with a memo that the chain reference sends per
// order, and the network's own limit (what it confirms per second with nothing else in the way) for that
// transfer and for a transaction shaped like the engine's swap.
import {
  airdropFactory,
  appendTransactionMessageInstructions,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  generateKeyPairSigner,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageComputeUnitLimit,
  setTransactionMessageComputeUnitPrice,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  assertIsTransactionWithBlockhashLifetime,
  type Address,
  type Instruction,
} from '@solana/kit';
import { getAddMemoInstruction, LEGACY_MEMO_PROGRAM_ADDRESS_V3 } from '@solana-program/memo';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToCheckedInstruction,
  getTransferCheckedInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { swapInstructions } from '../landing/swap-instructions.js';

/** Native SOL's wrapped mint. */
const WRAPPED_SOL = 'So11111111111111111111111111111111111111112' as Address;
/** The engine's default priority fee floor (micro-lamports per compute unit): the swap shape pays it too. */
const SWAP_PRIORITY_FEE = 1_000n;

const DECIMALS = 6;

/** A payer holding a token, and where its transfers go. */
export interface Transfers {
  /** Sends one transfer of one base unit with `memo`, confirmed. */
  send(memo: string): Promise<void>;
}

/**
 * Sets a fresh payer, mint and token accounts up on the network, and returns what sends, per call, one
 * `transfer` (the chain reference's: one SPL transfer with a memo) or one `swap` shaped like the engine's (the
 * same instructions `swapInstructions` builds for SOL in, with the priority fee: SOL wrapped, the trader's input
 * into a pool's vault and the pool's output to the trader, two signers, a memo).
 */
export async function transfersOn(rpcUrl: string, wsUrl: string, shape: 'transfer' | 'swap' = 'transfer'): Promise<Transfers> {
  const rpc = createSolanaRpc(rpcUrl);
  const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
  const [payer, mint, recipient] = await Promise.all([generateKeyPairSigner(), generateKeyPairSigner(), generateKeyPairSigner()]);
  await airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress: payer.address, lamports: lamports(1_000_000_000_000n), commitment: 'confirmed' });
  const ata = async (owner: Address, of: Address = mint.address) => (await findAssociatedTokenPda({ owner, mint: of, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
  const [source, destination, wrappedIn, wrappedVault] = await Promise.all([
    ata(payer.address),
    ata(recipient.address),
    ata(payer.address, WRAPPED_SOL),
    ata(recipient.address, WRAPPED_SOL),
  ]);
  const confirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });
  const send = async (instructions: Instruction[], units = 50_000) => {
    const { value: blockhash } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => setTransactionMessageComputeUnitLimit(units, m),
      (m) => (shape === 'swap' ? setTransactionMessageComputeUnitPrice(SWAP_PRIORITY_FEE, m) : m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const transaction = await signTransactionMessageWithSigners(message);
    assertIsTransactionWithBlockhashLifetime(transaction);
    await confirm(transaction, { commitment: 'confirmed', skipPreflight: true });
  };
  const space = BigInt(getMintSize());
  await send(
    [
      getCreateAccountInstruction({
        payer,
        newAccount: mint,
        lamports: await rpc.getMinimumBalanceForRentExemption(space).send(),
        space,
        programAddress: TOKEN_PROGRAM_ADDRESS,
      }),
      getInitializeMint2Instruction({ mint: mint.address, decimals: DECIMALS, mintAuthority: payer.address, freezeAuthority: null }),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: source, owner: payer.address, mint: mint.address }),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: destination, owner: recipient.address, mint: mint.address }),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: wrappedIn, owner: payer.address, mint: WRAPPED_SOL }),
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata: wrappedVault, owner: recipient.address, mint: WRAPPED_SOL }),
      getMintToCheckedInstruction({ mint: mint.address, token: source, mintAuthority: payer, amount: 10n ** 15n, decimals: DECIMALS }),
      getMintToCheckedInstruction({ mint: mint.address, token: destination, mintAuthority: payer, amount: 10n ** 15n, decimals: DECIMALS }),
      // Four account creations: more than a transfer's budget.
    ],
    400_000,
  );
  // The swap: SOL from the payer into the "pool" (the recipient's wrapped-SOL vault), the pool's token to the payer.
  const [input, output] = [
    { mint: WRAPPED_SOL, decimals: 9, native: true },
    { mint: mint.address, decimals: DECIMALS, native: false },
  ];
  const swap = (memo: string) =>
    swapInstructions({
      trader: payer,
      input,
      output,
      traderIn: wrappedIn,
      traderOut: source,
      legs: [
        {
          input,
          output,
          traderFrom: wrappedIn,
          traderTo: source,
          vaultIn: wrappedVault,
          vaultOut: destination,
          poolAuthority: recipient,
          amountIn: 1_000n,
          amountOut: 1n,
        },
      ],
      memo,
      existing: { traderIn: true, traderOut: true },
    });
  const transfer = (memo: string) => [
    getTransferCheckedInstruction({ source, mint: mint.address, destination, authority: payer, amount: 1n, decimals: DECIMALS }),
    getAddMemoInstruction({ memo }, { programAddress: LEGACY_MEMO_PROGRAM_ADDRESS_V3 }),
  ];
  return { send: (memo) => send(shape === 'swap' ? swap(memo) : transfer(memo)) };
}

/** Transactions of `shape` the network confirms per second, `inFlight` at a time, with nothing else in the way. */
export async function networkLimit(rpcUrl: string, wsUrl: string, count: number, inFlight: number, shape: 'transfer' | 'swap' = 'transfer'): Promise<number> {
  const transfers = await transfersOn(rpcUrl, wsUrl, shape);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await transfers.send(`limit:${next++}`);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}
