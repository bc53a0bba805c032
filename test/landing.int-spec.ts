import { address, airdropFactory, generateKeyPairSigner, lamports, type Address, type Instruction, type KeyPairSigner, type Signature } from '@solana/kit';
import { getAddMemoInstruction, LEGACY_MEMO_PROGRAM_ADDRESS_V3 } from '@solana-program/memo';
import { getCreateAccountInstruction, getTransferSolInstruction } from '@solana-program/system';
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToCheckedInstruction,
  getSyncNativeInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { SolanaClient } from '../src/chain/solana-client.js';
import { SimulationFailedError } from '../src/landing/landing.errors.js';
import { orderMemo, swapInstructions } from '../src/landing/swap-instructions.js';
import { TransactionLander, type LandedTransaction, type LandingOutcome, type PreparedTransaction } from '../src/landing/transaction-lander.service.js';
import { FaultyRpc } from './support/faulty-rpc.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import { testConfig } from './support/test-app.js';

const SOL = 1_000_000_000n;
/** What the network recorded of a landed transaction (read back after it landed). */
const recorded = (outcome: LandingOutcome): LandedTransaction => {
  if (outcome.kind !== 'landed' || outcome.transaction === null) throw new Error(`not landed with a record: ${outcome.kind}`);
  return outcome.transaction;
};
const WSOL = address('So11111111111111111111111111111111111111112');
const ata = async (owner: Address, mint: Address) => (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
/** Short slots: a blockhash (150 blocks) expires in about 3 s. */
const SLOT_MS = 20;

/** Landing on a real local network, behind a proxy that drops sends and notifications or goes down. */
describe('TransactionLander', () => {
  let solana: TestSolana;
  let proxy: FaultyRpc;
  let lander: TransactionLander;
  let direct: SolanaClient;
  let payer: KeyPairSigner;

  const landerOn = (rpcUrl: string, wsUrl: string) => {
    const config = testConfig('redis://unused', {
      CHAIN: 'solana',
      SOLANA_RPC_URL: rpcUrl,
      SOLANA_WS_URL: wsUrl,
      LANDING_REBROADCAST_MS: '100',
      LANDING_POLL_MS: '100',
    });
    return new TransactionLander(new SolanaClient(config), config);
  };

  beforeAll(async () => {
    solana = await startTestSolana(SLOT_MS);
    proxy = await FaultyRpc.start(solana);
    lander = landerOn(proxy.rpcUrl, proxy.wsUrl);
    direct = new SolanaClient(testConfig('redis://unused', { CHAIN: 'solana', SOLANA_RPC_URL: solana.rpcUrl, SOLANA_WS_URL: solana.wsUrl }));
    payer = await generateKeyPairSigner();
    await airdropFactory({ rpc: direct.rpc, rpcSubscriptions: direct.subscriptions })({
      recipientAddress: payer.address,
      lamports: lamports(100n * SOL),
      commitment: 'confirmed',
    });
  });

  afterEach(() => Object.assign(proxy, { dropSends: 0, dropNotifications: false, down: false }));
  afterAll(async () => {
    lander?.onModuleDestroy();
    await proxy?.close();
    await solana?.stop();
  });

  /** A transfer of `amount` lamports to a new account, with a memo: the shape of every engine transaction's tail. */
  const transfer = async (amount: bigint, memo = 'order:test'): Promise<{ instructions: Instruction[]; to: string }> => {
    const to = await generateKeyPairSigner();
    return {
      to: to.address,
      instructions: [
        getTransferSolInstruction({ source: payer, destination: to.address, amount }),
        getAddMemoInstruction({ memo }, { programAddress: LEGACY_MEMO_PROGRAM_ADDRESS_V3 }),
      ],
    };
  };

  it('prepares a v0 transaction with a simulated compute-unit limit and a priority fee, then lands it: what the network recorded', async () => {
    const { instructions, to } = await transfer(SOL, 'order:landed');
    const prepared = await lander.prepare(payer, instructions);
    const { value: height } = { value: await direct.rpc.getBlockHeight().send() };
    expect(prepared.lastValidBlockHeight).toBeGreaterThan(height);
    expect(prepared.genesisHash).toBe(solana.genesisHash);
    expect(prepared.computeUnitLimit).toBeGreaterThan(300);
    expect(prepared.computeUnitLimit).toBeLessThan(10_000);
    // A fresh network has no recent fees: the floor (PRIORITY_FEE_MIN_MICROLAMPORTS).
    expect(prepared.priorityFee).toBe(1_000n);
    expect(prepared.maxFeeLamports).toBe(5_000n + BigInt(Math.ceil((prepared.computeUnitLimit * 1_000) / 1_000_000)));

    const sends: number[] = [];
    const outcome = await lander.land(prepared, { onSend: (count) => sends.push(count) });
    expect(outcome.kind).toBe('landed');
    if (outcome.kind !== 'landed') return;
    expect(sends[0]).toBe(1);
    const transaction = recorded(outcome);
    expect(transaction).toMatchObject({ signature: prepared.signature, slot: expect.any(BigInt), feeLamports: expect.any(BigInt) });
    // The block's time in Unix seconds, within a minute of this machine's clock.
    expect(Math.abs(Number(transaction.blockTime) - Date.now() / 1_000)).toBeLessThan(60);
    expect(transaction.computeUnitsConsumed).toBeGreaterThan(0n);
    expect(transaction.computeUnitsConsumed!).toBeLessThanOrEqual(BigInt(prepared.computeUnitLimit));
    expect(transaction.logs.join('\n')).toContain('order:landed');
    const received = transaction.lamports.find((entry) => entry.account === to)!;
    expect(received.after - received.before).toBe(SOL);
  });

  it('refuses to prepare a transaction that would fail, with the network’s logs; nothing is sent', async () => {
    const sendsBefore = proxy.sends;
    const { instructions } = await transfer(1_000n * SOL);
    const failure = await lander.prepare(payer, instructions).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimulationFailedError);
    expect((failure as SimulationFailedError).logs.join('\n')).toMatch(/insufficient lamports/);
    expect(proxy.sends).toBe(sendsBefore);
  });

  it('a transaction that fails on chain is a failed attempt with the network’s error and logs', async () => {
    // Both simulate against the same balance; the second lands after the first spent it.
    const { value: balance } = await direct.rpc.getBalance(payer.address).send();
    const [first, second] = await Promise.all([transfer(balance - SOL), transfer(balance - SOL)]);
    const [a, b] = await Promise.all([lander.prepare(payer, first.instructions), lander.prepare(payer, second.instructions)]);
    expect((await lander.land(a)).kind).toBe('landed');
    const failed = await lander.land(b);
    expect(failed).toMatchObject({ kind: 'failed', err: expect.anything() });
    if (failed.kind === 'failed') expect(failed.logs.join('\n')).toMatch(/insufficient lamports/);
    await airdropFactory({ rpc: direct.rpc, rpcSubscriptions: direct.subscriptions })({
      recipientAddress: payer.address,
      lamports: lamports(100n * SOL),
      commitment: 'confirmed',
    });
  });

  it('rebroadcasts until a send gets through when the RPC loses them', async () => {
    proxy.dropSends = 3;
    const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
    const outcome = await lander.land(prepared);
    expect(outcome).toMatchObject({ kind: 'landed' });
    expect(outcome.sends).toBeGreaterThanOrEqual(4);
  });

  it('settles by polling when signature notifications are lost', async () => {
    proxy.dropNotifications = true;
    const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
    const outcome = await lander.land(prepared);
    expect(outcome).toMatchObject({ kind: 'landed', transaction: { signature: prepared.signature } });
  });

  it('keeps sending while the RPC is down and lands once it is back', async () => {
    const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
    proxy.down = true;
    const landing = lander.land(prepared, {
      onSend: (count) => {
        // Back after a few refused sends.
        if (count === 3) proxy.down = false;
      },
    });
    expect(await landing).toMatchObject({ kind: 'landed' });
  });

  it('gives an attempt up only once its blockhash expired without landing: `expired`, never landed after', async () => {
    proxy.dropSends = 1_000;
    const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
    const outcome = await lander.land(prepared);
    expect(outcome.kind).toBe('expired');
    expect(outcome.sends).toBeGreaterThan(1);
    expect(await direct.rpc.getBlockHeight().send()).toBeGreaterThan(prepared.lastValidBlockHeight);
    const { value } = await direct.rpc.getSignatureStatuses([prepared.signature], { searchTransactionHistory: true }).send();
    expect(value[0]).toBeNull();
  }, 20_000);

  describe('a swap: every leg, wrap and unwrap, in one transaction signed by the trader and each pool', () => {
    const USDC_DECIMALS = 6;
    let usdc: Address;
    let trader: KeyPairSigner;
    let pools: { authority: KeyPairSigner; usdcVault: Address; solVault: Address }[];

    /** Mints `amount` of USDC to `owner`'s associated account, and makes its wrapped-SOL account (funded with `lamportsIn`). */
    const fund = async (owner: Address, amount: bigint, wrappedLamports: bigint) => {
      const [usdcAccount, solAccount] = await Promise.all([ata(owner, usdc), ata(owner, WSOL)]);
      const instructions = [
        getCreateAssociatedTokenIdempotentInstruction({ payer, ata: usdcAccount, owner, mint: usdc }),
        getMintToCheckedInstruction({ mint: usdc, token: usdcAccount, mintAuthority: payer, amount, decimals: USDC_DECIMALS }),
        getCreateAssociatedTokenIdempotentInstruction({ payer, ata: solAccount, owner, mint: WSOL }),
        ...(wrappedLamports > 0n
          ? [getTransferSolInstruction({ source: payer, destination: solAccount, amount: wrappedLamports }), getSyncNativeInstruction({ account: solAccount })]
          : []),
      ];
      expect((await lander.land(await lander.prepare(payer, instructions))).kind).toBe('landed');
      return { usdcAccount, solAccount };
    };

    beforeAll(async () => {
      const mint = await generateKeyPairSigner();
      const space = BigInt(getMintSize());
      const rent = await direct.rpc.getMinimumBalanceForRentExemption(space).send();
      const created = await lander.land(
        await lander.prepare(payer, [
          getCreateAccountInstruction({ payer, newAccount: mint, lamports: rent, space, programAddress: TOKEN_PROGRAM_ADDRESS }),
          getInitializeMint2Instruction({ mint: mint.address, decimals: USDC_DECIMALS, mintAuthority: payer.address, freezeAuthority: null }),
        ]),
      );
      expect(created.kind).toBe('landed');
      usdc = mint.address;
      trader = await generateKeyPairSigner();
      await airdropFactory({ rpc: direct.rpc, rpcSubscriptions: direct.subscriptions })({
        recipientAddress: trader.address,
        lamports: lamports(10n * SOL),
        commitment: 'confirmed',
      });
      await fund(trader.address, 1_000_000_000n, 0n);
      pools = await Promise.all(
        [1, 2].map(async () => {
          const authority = await generateKeyPairSigner();
          const { usdcAccount, solAccount } = await fund(authority.address, 150_000_000_000n, 20n * SOL);
          return { authority, usdcVault: usdcAccount, solVault: solAccount };
        }),
      );
    });

    const balances = (transaction: LandedTransaction, owner: Address) =>
      Object.fromEntries(transaction.tokenBalances.filter((b) => b.owner === owner).map((b) => [b.mint, b.after - b.before]));

    /** USDC in, native SOL out: one leg per pool, `[usdcIn, solOut]` each. */
    const usdcToSol = async (amounts: readonly (readonly [bigint, bigint])[], memo: string) => {
      const [input, output] = [
        { mint: usdc, decimals: USDC_DECIMALS, native: false },
        { mint: WSOL, decimals: 9, native: true },
      ];
      const [traderIn, traderOut] = [await ata(trader.address, usdc), await ata(trader.address, WSOL)];
      return {
        trader,
        input,
        output,
        traderIn,
        traderOut,
        legs: amounts.map(([amountIn, amountOut], i) => ({
          input,
          output,
          traderFrom: traderIn,
          traderTo: traderOut,
          vaultIn: pools[i].usdcVault,
          vaultOut: pools[i].solVault,
          poolAuthority: pools[i].authority,
          amountIn,
          amountOut,
        })),
        memo: orderMemo(memo),
      };
    };

    it('USDC in, native SOL out, split over two pools: exact token movements, SOL unwrapped to the trader, the memo on chain', async () => {
      const plan = await usdcToSol(
        [
          [150_000_000n, 990_000_000n],
          [75_000_000n, 495_000_000n],
        ],
        'swap-usdc-sol',
      );
      const { value: before } = await direct.rpc.getBalance(trader.address).send();
      const prepared = await lander.prepare(trader, swapInstructions(plan));
      const outcome = await lander.land(prepared);
      expect(outcome.kind).toBe('landed');
      if (outcome.kind !== 'landed') return;
      const transaction = recorded(outcome);
      expect(balances(transaction, trader.address)[usdc]).toBe(-225_000_000n);
      expect(balances(transaction, pools[0].authority.address)).toEqual({ [usdc]: 150_000_000n, [WSOL]: -990_000_000n });
      expect(balances(transaction, pools[1].authority.address)).toEqual({ [usdc]: 75_000_000n, [WSOL]: -495_000_000n });
      // Unwrapped: the trader's SOL grew by what it bought, plus the wrapped account's rent, less the fees. The
      // network charges the priority fee on the compute-unit limit although its meta.fee (Surfpool 1.5.0) omits it.
      const { value: after } = await direct.rpc.getBalance(trader.address).send();
      const rent = await direct.rpc.getMinimumBalanceForRentExemption(165n).send();
      const priority = (BigInt(prepared.computeUnitLimit) * prepared.priorityFee + 999_999n) / 1_000_000n;
      expect(after - before).toBe(1_485_000_000n + rent - transaction.feeLamports - priority);
      expect(transaction.logs.join('\n')).toContain('order:swap-usdc-sol');
      // Anyone finds the order's transaction on chain by its memo.
      const signatures = await direct.rpc.getSignaturesForAddress(trader.address).send();
      expect(signatures.find((entry) => entry.signature === transaction.signature)?.memo).toContain('order:swap-usdc-sol');
    });

    it('native SOL in: wrapped in the same transaction, the pool paid in wrapped SOL', async () => {
      const [input, output] = [
        { mint: WSOL, decimals: 9, native: true },
        { mint: usdc, decimals: USDC_DECIMALS, native: false },
      ];
      const [traderIn, traderOut] = [await ata(trader.address, WSOL), await ata(trader.address, usdc)];
      const plan = {
        trader,
        input,
        output,
        traderIn,
        traderOut,
        legs: [
          {
            input,
            output,
            traderFrom: traderIn,
            traderTo: traderOut,
            vaultIn: pools[0].solVault,
            vaultOut: pools[0].usdcVault,
            poolAuthority: pools[0].authority,
            amountIn: SOL,
            amountOut: 149_000_000n,
          },
        ],
        memo: orderMemo('swap-sol-usdc'),
      };
      const outcome = await lander.land(await lander.prepare(trader, swapInstructions(plan)));
      expect(outcome.kind).toBe('landed');
      if (outcome.kind !== 'landed') return;
      expect(balances(recorded(outcome), pools[0].authority.address)).toEqual({ [usdc]: -149_000_000n, [WSOL]: SOL });
      expect(balances(recorded(outcome), trader.address)[usdc]).toBe(149_000_000n);
    });

    it('a leg the pool cannot pay fails the whole transaction: nothing moves', async () => {
      const plan = await usdcToSol(
        [
          [1_000_000n, 1n],
          [1_000_000n, 10_000n * SOL],
        ],
        'swap-too-much',
      );
      const failure = await lander.prepare(trader, swapInstructions(plan)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SimulationFailedError);
      expect((failure as SimulationFailedError).logs.join('\n')).toMatch(/insufficient funds/);
    });
  });

  describe('settling an attempt sent before a crash, from the chain alone', () => {
    const sentDirectly = async (): Promise<PreparedTransaction> => {
      const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
      await direct.rpc.sendTransaction(prepared.wire, { encoding: 'base64', skipPreflight: true, maxRetries: 0n }).send();
      return prepared;
    };

    it('landed: what the network recorded, without sending it again', async () => {
      const prepared = await sentDirectly();
      const sendsBefore = proxy.sends;
      expect(await lander.settle(prepared)).toMatchObject({ kind: 'landed', sends: 0, transaction: { signature: prepared.signature } });
      expect(proxy.sends).toBe(sendsBefore);
    });

    it('never sent: expired once the block height passes its last valid one', async () => {
      const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
      expect(await lander.settle(prepared)).toMatchObject({ kind: 'expired' });
    }, 20_000);

    it('sent to a network since reset (another genesis): network-reset at once', async () => {
      const prepared = await lander.prepare(payer, (await transfer(SOL)).instructions);
      const started = Date.now();
      expect(await lander.settle({ ...prepared, genesisHash: 'another-network', signature: prepared.signature as Signature })).toEqual({
        kind: 'network-reset',
        sends: 0,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
