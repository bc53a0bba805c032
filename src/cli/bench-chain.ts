// The network's side of `npm run bench`: the signed SPL transfer with a memo that the chain reference sends per
// order, and the network's own limit (transfers it confirms per second with nothing else in the way).
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
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  assertIsTransactionWithBlockhashLifetime,
  type Address,
  type Instruction,
  type KeyPairSigner,
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

const DECIMALS = 6;

/** A payer holding a token, and where its transfers go. */
export interface Transfers {
  /** Sends one transfer of one base unit with `memo`, confirmed. */
  send(memo: string): Promise<void>;
}

/** Sets a fresh payer, mint and two token accounts up on the network, and returns what sends transfers between them. */
export async function transfersOn(rpcUrl: string, wsUrl: string): Promise<Transfers> {
  const rpc = createSolanaRpc(rpcUrl);
  const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
  const [payer, mint, recipient] = await Promise.all([generateKeyPairSigner(), generateKeyPairSigner(), generateKeyPairSigner()]);
  await airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress: payer.address, lamports: lamports(1_000_000_000_000n), commitment: 'confirmed' });
  const ata = async (owner: Address) => (await findAssociatedTokenPda({ owner, mint: mint.address, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
  const [source, destination] = await Promise.all([ata(payer.address), ata(recipient.address)]);
  const confirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });
  const send = async (instructions: Instruction[], signer: KeyPairSigner = payer) => {
    const { value: blockhash } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(signer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => setTransactionMessageComputeUnitLimit(50_000, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const transaction = await signTransactionMessageWithSigners(message);
    assertIsTransactionWithBlockhashLifetime(transaction);
    await confirm(transaction, { commitment: 'confirmed', skipPreflight: true });
  };
  const space = BigInt(getMintSize());
  await send([
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
    getMintToCheckedInstruction({ mint: mint.address, token: source, mintAuthority: payer, amount: 10n ** 15n, decimals: DECIMALS }),
  ]);
  return {
    send: (memo) =>
      send([
        getTransferCheckedInstruction({ source, mint: mint.address, destination, authority: payer, amount: 1n, decimals: DECIMALS }),
        getAddMemoInstruction({ memo }, { programAddress: LEGACY_MEMO_PROGRAM_ADDRESS_V3 }),
      ]),
  };
}

/** Transfers the network confirms per second, `inFlight` at a time, with nothing else in the way. */
export async function networkLimit(rpcUrl: string, wsUrl: string, count: number, inFlight: number): Promise<number> {
  const transfers = await transfersOn(rpcUrl, wsUrl);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await transfers.send(`limit:${next++}`);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}
