import { parseExtraPools } from './extra-pools.js';

describe('EXTRA_POOLS', () => {
  it('reads Raydium pools with their fee and Meteora pools with their bin step, symbols in capitals', () => {
    const json = JSON.stringify([
      { venue: 'raydium', pair: ['sol', 'USDC'], tvlUsd: 2_000_000, feeBps: 4 },
      { venue: 'meteora', pair: ['JUP', 'SOL'], tvlUsd: 500_000, binStepBps: 5 },
      { venue: 'meteora', pair: ['BONK', 'SOL'], tvlUsd: 1.5, binStepBps: 100, baseFeeBps: 50 },
    ]);
    expect(parseExtraPools(json)).toEqual([
      { venue: 'raydium', pair: ['SOL', 'USDC'], tvlUsd: 2_000_000, feeBps: 4 },
      { venue: 'meteora', pair: ['JUP', 'SOL'], tvlUsd: 500_000, binStepBps: 5, baseFeeBps: undefined },
      { venue: 'meteora', pair: ['BONK', 'SOL'], tvlUsd: 1.5, binStepBps: 100, baseFeeBps: 50 },
    ]);
    expect(parseExtraPools(undefined)).toEqual([]);
    expect(parseExtraPools('')).toEqual([]);
  });

  it.each([
    ['{', 'EXTRA_POOLS must be a JSON array'],
    ['{}', 'EXTRA_POOLS must be a JSON array'],
    ['[null]', 'EXTRA_POOLS[0].venue must be "raydium" or "meteora"'],
    ['[{"venue":"orca"}]', 'EXTRA_POOLS[0].venue must be "raydium" or "meteora"'],
    ['[{"venue":"raydium","pair":["SOL"]}]', 'EXTRA_POOLS[0].pair must be two different token symbols'],
    ['[{"venue":"raydium","pair":["SOL","SOL"]}]', 'EXTRA_POOLS[0].pair must be two different token symbols'],
    ['[{"venue":"raydium","pair":["SOL","US-DC"]}]', 'EXTRA_POOLS[0].pair must be two different token symbols'],
    ['[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":0}]', 'EXTRA_POOLS[0].tvlUsd must be a positive number'],
    ['[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":"5"}]', 'EXTRA_POOLS[0].tvlUsd must be a positive number'],
    ['[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":5,"feeBps":0}]', 'EXTRA_POOLS[0].feeBps must be an integer from 1 to 1000'],
    ['[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":5,"feeBps":1001}]', 'EXTRA_POOLS[0].feeBps must be an integer from 1 to 1000'],
    ['[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":5,"feeBps":2.5}]', 'EXTRA_POOLS[0].feeBps must be an integer from 1 to 1000'],
    ['[{"venue":"meteora","pair":["SOL","USDC"],"tvlUsd":5,"binStepBps":501}]', 'EXTRA_POOLS[0].binStepBps must be an integer from 1 to 500'],
    ['[{"venue":"meteora","pair":["SOL","USDC"],"tvlUsd":5,"binStepBps":5,"baseFeeBps":0}]', 'EXTRA_POOLS[0].baseFeeBps must be an integer from 1 to 1000'],
    ['[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":5,"feeBps":4},{"venue":"x"}]', 'EXTRA_POOLS[1].venue must be "raydium" or "meteora"'],
  ])('refuses %s: %s', (json, problem) => {
    expect(parseExtraPools(json)).toEqual({ problem });
  });
});
