import { AccountRole, address, createNoopSigner, type Address, type Instruction } from '@solana/kit';
import { LEGACY_MEMO_PROGRAM_ADDRESS_V3 } from '@solana-program/memo';
import { SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import { ASSOCIATED_TOKEN_PROGRAM_ADDRESS, parseCloseAccountInstruction, parseTransferCheckedInstruction, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { orderMemo, swapInstructions, type SwapLegAccounts, type SwapPlan } from './swap-instructions.js';

const key = (n: number): Address =>
  address(
    [
      '11111111111111111111111111111112',
      'SysvarRent111111111111111111111111111111111',
      'SysvarC1ock11111111111111111111111111111111',
      'Vote111111111111111111111111111111111111111',
      'Stake11111111111111111111111111111111111111',
      'Config1111111111111111111111111111111111111',
      'BPFLoader1111111111111111111111111111111111',
      'ComputeBudget111111111111111111111111111111',
      'Sysvar1nstructions1111111111111111111111111',
      'SysvarRecentB1ockHashes11111111111111111111',
    ][n],
  );
const WSOL = address('So11111111111111111111111111111111111111112');
const trader = createNoopSigner(key(0));
const raydium = createNoopSigner(key(1));
const meteora = createNoopSigner(key(2));
const USDC = { mint: key(3), decimals: 6, native: false };
const BONK = { mint: key(4), decimals: 5, native: false };
const SOL = { mint: WSOL, decimals: 9, native: true };

/** A leg from the trader's input account (key 5) to its output account (key 6), USDC for BONK. */
const leg = (overrides: Partial<SwapLegAccounts> = {}): SwapLegAccounts => ({
  input: USDC,
  output: BONK,
  traderFrom: key(5),
  traderTo: key(6),
  vaultIn: key(7),
  vaultOut: key(8),
  poolAuthority: raydium,
  amountIn: 1_000n,
  amountOut: 990n,
  ...overrides,
});

const plan = (overrides: Partial<SwapPlan> = {}): SwapPlan => ({
  trader,
  input: USDC,
  output: BONK,
  traderIn: key(5),
  traderOut: key(6),
  legs: [leg()],
  memo: orderMemo('7f3c'),
  ...overrides,
});

const programs = (instructions: Instruction[]) => instructions.map((instruction) => instruction.programAddress);
const transfers = (instructions: Instruction[]) =>
  instructions
    .filter((instruction) => instruction.programAddress === TOKEN_PROGRAM_ADDRESS && instruction.data?.[0] === 12)
    .map((instruction) => parseTransferCheckedInstruction(instruction as Parameters<typeof parseTransferCheckedInstruction>[0]));

describe('swapInstructions', () => {
  it('SPL to SPL: the output account made if needed, input into the vault, output to the trader, then the memo', () => {
    const instructions = swapInstructions(plan());
    expect(programs(instructions)).toEqual([ASSOCIATED_TOKEN_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS, LEGACY_MEMO_PROGRAM_ADDRESS_V3]);
    const [payIn, payOut] = transfers(instructions);
    expect(payIn.accounts.source.address).toBe(key(5));
    expect(payIn.accounts.destination.address).toBe(key(7));
    expect(payIn.accounts.authority).toMatchObject({ address: trader.address, role: AccountRole.READONLY_SIGNER });
    expect(payIn.accounts.source.role).toBe(AccountRole.WRITABLE);
    expect(payIn.accounts.destination.role).toBe(AccountRole.WRITABLE);
    expect(payIn.data).toMatchObject({ amount: 1_000n, decimals: 6 });
    expect(payOut.accounts.source.address).toBe(key(8));
    expect(payOut.accounts.destination.address).toBe(key(6));
    expect(payOut.accounts.authority).toMatchObject({ address: raydium.address, role: AccountRole.READONLY_SIGNER });
    expect(payOut.data).toMatchObject({ amount: 990n, decimals: 5 });
    expect(new TextDecoder().decode(instructions.at(-1)!.data)).toBe('order:7f3c');
  });

  it('a split route puts every leg in the same transaction, each signed by its own pool', () => {
    const legs = [
      leg({ vaultIn: key(1), vaultOut: key(2), poolAuthority: raydium, amountIn: 600n, amountOut: 590n }),
      leg({ vaultIn: key(3), vaultOut: key(4), poolAuthority: meteora, amountIn: 400n, amountOut: 395n }),
    ];
    const moved = transfers(swapInstructions(plan({ legs })));
    expect(moved.map((t) => [t.accounts.authority.address, t.data.amount])).toEqual([
      [trader.address, 600n],
      [raydium.address, 590n],
      [trader.address, 400n],
      [meteora.address, 395n],
    ]);
  });

  it('native SOL in: wrapped first (account made, funded with the whole amount, synced); the emptied account stays open for the next swap', () => {
    const legs = [
      leg({ input: SOL, vaultIn: key(1), vaultOut: key(2), poolAuthority: raydium, amountIn: 600n, amountOut: 1n }),
      leg({ input: SOL, vaultIn: key(3), vaultOut: key(4), poolAuthority: meteora, amountIn: 400n, amountOut: 1n }),
    ];
    const instructions = swapInstructions(plan({ input: SOL, legs }));
    expect(programs(instructions).slice(0, 4)).toEqual([
      ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
      SYSTEM_PROGRAM_ADDRESS,
      TOKEN_PROGRAM_ADDRESS,
      ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
    ]);
    // The system transfer funds the wrapped-SOL account with the sum of the legs.
    expect(instructions[1].accounts?.map((account) => account.address)).toEqual([trader.address, key(5)]);
    expect(new DataView(instructions[1].data!.buffer, instructions[1].data!.byteOffset).getBigUint64(4, true)).toBe(1_000n);
    expect(instructions[2].data?.[0]).toBe(17); // SyncNative
    expect(instructions.some((instruction) => instruction.programAddress === TOKEN_PROGRAM_ADDRESS && instruction.data?.[0] === 9)).toBe(false);
  });

  it('accounts known to exist are not created again: no associated-token instruction at all', () => {
    const both = swapInstructions(plan({ input: SOL, existing: { traderIn: true, traderOut: true } }));
    expect(programs(both)).toEqual([
      SYSTEM_PROGRAM_ADDRESS,
      TOKEN_PROGRAM_ADDRESS,
      TOKEN_PROGRAM_ADDRESS,
      TOKEN_PROGRAM_ADDRESS,
      LEGACY_MEMO_PROGRAM_ADDRESS_V3,
    ]);
    const outOnly = swapInstructions(plan({ existing: { traderIn: true, traderOut: false } }));
    expect(programs(outOnly)[0]).toBe(ASSOCIATED_TOKEN_PROGRAM_ADDRESS);
    expect(outOnly[0].accounts?.[1].address).toBe(key(6));
    const inOnly = swapInstructions(plan({ input: SOL, existing: { traderIn: false, traderOut: true } }));
    expect(programs(inOnly).filter((program) => program === ASSOCIATED_TOKEN_PROGRAM_ADDRESS)).toHaveLength(1);
    expect(inOnly[0].accounts?.[1].address).toBe(key(5));
  });

  it('native SOL out: unwrapped at the end by closing the wrapped-SOL account to the trader', () => {
    const instructions = swapInstructions(plan({ output: SOL }));
    const close = parseCloseAccountInstruction(instructions.at(-2) as Parameters<typeof parseCloseAccountInstruction>[0]);
    expect([close.accounts.account.address, close.accounts.destination.address, close.accounts.owner.address]).toEqual([
      key(6),
      trader.address,
      trader.address,
    ]);
    expect(instructions.filter((instruction) => instruction.data?.[0] === 9 && instruction.programAddress === TOKEN_PROGRAM_ADDRESS)).toHaveLength(1);
  });

  it('a path through another token: its account made, the first leg pays into it, the second takes from it; only legs from the input are wrapped', () => {
    const through = key(9);
    const legs = [
      leg({
        input: SOL,
        output: USDC,
        traderFrom: key(5),
        traderTo: through,
        vaultIn: key(1),
        vaultOut: key(2),
        poolAuthority: raydium,
        amountIn: 700n,
        amountOut: 70n,
      }),
      leg({
        input: USDC,
        output: BONK,
        traderFrom: through,
        traderTo: key(6),
        vaultIn: key(3),
        vaultOut: key(4),
        poolAuthority: meteora,
        amountIn: 70n,
        amountOut: 7n,
      }),
      // The default leg's accounts, from SOL.
      leg({ input: SOL, amountIn: 300n, amountOut: 3n }),
    ];
    const instructions = swapInstructions(
      plan({ input: SOL, legs, intermediates: [{ mint: USDC.mint, account: through }], existing: { traderIn: true, traderOut: true } }),
    );
    expect(programs(instructions)).toEqual([
      SYSTEM_PROGRAM_ADDRESS,
      TOKEN_PROGRAM_ADDRESS,
      ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
      ...Array<Address>(6).fill(TOKEN_PROGRAM_ADDRESS),
      LEGACY_MEMO_PROGRAM_ADDRESS_V3,
    ]);
    expect(new DataView(instructions[0].data!.buffer, instructions[0].data!.byteOffset).getBigUint64(4, true)).toBe(1_000n);
    expect(instructions[2].accounts?.slice(0, 4).map((account) => account.address)).toEqual([trader.address, through, trader.address, USDC.mint]);
    expect(
      transfers(instructions).map((t) => [t.accounts.source.address, t.accounts.mint.address, t.accounts.destination.address, t.data.amount, t.data.decimals]),
    ).toEqual([
      [key(5), WSOL, key(1), 700n, 9],
      [key(2), USDC.mint, through, 70n, 6],
      [through, USDC.mint, key(3), 70n, 6],
      [key(4), BONK.mint, key(6), 7n, 5],
      [key(5), WSOL, key(7), 300n, 9],
      [key(8), BONK.mint, key(6), 3n, 5],
    ]);
  });
});
