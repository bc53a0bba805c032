import { address } from '@solana/kit';
import { findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { associatedTokenAddress } from './associated-token.js';

const OWNER = address('9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM');
const USDC = address('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
const WSOL = address('So11111111111111111111111111111111111111112');

describe('associatedTokenAddress', () => {
  it("is the owner's associated token account for the mint, as the token program derives it", async () => {
    const [expected] = await findAssociatedTokenPda({ owner: OWNER, mint: USDC, tokenProgram: TOKEN_PROGRAM_ADDRESS });
    await expect(associatedTokenAddress(OWNER, USDC)).resolves.toBe(expected);
  });

  it('differs by mint and stays the same when asked again', async () => {
    const [usdc, wsol, again] = await Promise.all([
      associatedTokenAddress(OWNER, USDC),
      associatedTokenAddress(OWNER, WSOL),
      associatedTokenAddress(OWNER, USDC),
    ]);
    expect(wsol).not.toBe(usdc);
    expect(again).toBe(usdc);
  });
});
