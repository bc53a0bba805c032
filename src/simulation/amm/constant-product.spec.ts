import fc from 'fast-check';
import { cpmmArbitrageTo, cpmmPool, cpmmSpotPrice, cpmmSwap, type CpmmState } from './constant-product.js';
import type { SwapDirection } from './swap-direction.js';

const pools = fc.record({
  reserveX: fc.bigInt({ min: 1_000n, max: 10n ** 24n }),
  reserveY: fc.bigInt({ min: 1_000n, max: 10n ** 24n }),
  feePpb: fc.bigInt({ min: 0n, max: 100_000_000n }),
});
const directions = fc.constantFrom<SwapDirection>('xToY', 'yToX');
const k = (s: CpmmState) => s.reserveX * s.reserveY;

describe('constant-product pool (x · y = k)', () => {
  it('never lets k decrease through a swap', () => {
    fc.assert(
      fc.property(pools, fc.bigInt({ min: 1n, max: 10n ** 25n }), directions, (pool, amountIn, direction) => {
        expect(k(cpmmSwap(pool, amountIn, direction).state)).toBeGreaterThanOrEqual(k(pool));
      }),
    );
  });

  it('gives an output below the reserve and monotonic in the input', () => {
    fc.assert(
      fc.property(pools, fc.bigInt({ min: 1n, max: 10n ** 25n }), fc.bigInt({ min: 0n, max: 10n ** 20n }), directions, (pool, a, extra, direction) => {
        const small = cpmmSwap(pool, a, direction);
        const large = cpmmSwap(pool, a + extra, direction);
        expect(small.amountOut).toBeLessThan(direction === 'xToY' ? pool.reserveY : pool.reserveX);
        expect(large.amountOut).toBeGreaterThanOrEqual(small.amountOut);
      }),
    );
  });

  it('never creates value on a round trip', () => {
    fc.assert(
      fc.property(pools, fc.bigInt({ min: 1n, max: 10n ** 22n }), directions, (pool, amountIn, direction) => {
        const there = cpmmSwap(pool, amountIn, direction);
        const back = cpmmSwap(there.state, there.amountOut, direction === 'xToY' ? 'yToX' : 'xToY');
        expect(back.amountOut).toBeLessThanOrEqual(amountIn);
      }),
    );
  });

  it('charges its fee on the input and keeps it in the pool', () => {
    const pool = cpmmPool(0.15, 9_000_000_000_000n, 2_500_000n); // 9M USDC against 60k SOL, 0.25%
    const swap = cpmmSwap(pool, 1_000_000_000_000n, 'xToY'); // sell 1,000 SOL
    expect(swap.feeAmount).toBe(2_500_000_000n);
    expect(swap.state.reserveX).toBe(pool.reserveX + 1_000_000_000_000n);
    // 997.5 SOL net at 150 USDC with impact 997.5 / (60,000 + 997.5)
    expect(Number(swap.amountOut) / 1e6).toBeCloseTo((9_000_000 * 997.5) / 60_997.5, 3);
  });

  it('arbitrage moves the spot price to the target and only grows k', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), (factor) => {
        const pool = cpmmPool(0.15, 9_000_000_000_000n, 2_500_000n);
        const moved = cpmmArbitrageTo(pool, 0.15 * factor);
        // Within the fee: an arbitrageur stops once the gap no longer pays for it.
        expect(Math.abs(cpmmSpotPrice(moved) / (0.15 * factor) - 1)).toBeLessThan(0.0025);
        expect(k(moved)).toBeGreaterThanOrEqual(k(pool));
      }),
    );
  });

  it('leaves the pool as it is for no input', () => {
    const pool = cpmmPool(0.15, 9_000_000_000_000n, 2_500_000n);
    for (const amountIn of [0n, -5n]) {
      expect(cpmmSwap(pool, amountIn, 'xToY')).toEqual({ amountIn: 0n, amountOut: 0n, feeAmount: 0n, spotAmountOut: 0n, state: pool });
      expect(cpmmSwap(pool, amountIn, 'yToX').state).toBe(pool);
    }
  });

  it('measures impact against the pre-trade spot output of the net input, in both directions', () => {
    const pool = cpmmPool(0.15, 9_000_000_000_000n, 2_500_000n); // 60,000 SOL against 9M USDC
    expect(cpmmSwap(pool, 1_000_000_000_000n, 'xToY').spotAmountOut).toBe(149_625_000_000n); // 997.5 SOL at 150
    expect(cpmmSwap(pool, 150_000_000_000n, 'yToX').spotAmountOut).toBe(997_500_000_000n); // 149,625 USDC net buys 997.5 SOL
    const buy = cpmmSwap(pool, 150_000_000_000n, 'yToX');
    expect(buy.state).toEqual({ ...pool, reserveX: pool.reserveX - buy.amountOut, reserveY: pool.reserveY + 150_000_000_000n });
  });

  it.each([0.5, 0.8, 1.25, 2])('arbitrage to %s× the price leaves the side it buys at the exact curve point, the fee paid on top', (factor) => {
    const pool = cpmmPool(0.15, 9_000_000_000_000n, 2_500_000n);
    const target = 0.15 * factor;
    const moved = cpmmArbitrageTo(pool, target);
    const kBefore = Number(pool.reserveX) * Number(pool.reserveY);
    // Selling X (price down) leaves Y at sqrt(k·p); buying X (price up) leaves X at sqrt(k/p): the fee stays on the other side.
    const [reached, expected] = factor < 1 ? [moved.reserveY, Math.sqrt(kBefore * target)] : [moved.reserveX, Math.sqrt(kBefore / target)];
    expect(Math.abs(Number(reached) / expected - 1)).toBeLessThan(1e-6);
  });

  it('arbitrage leaves a pool already at (or within a millionth of) the target untouched', () => {
    const pool = cpmmPool(0.15, 9_000_000_000_000n, 2_500_000n);
    expect(cpmmArbitrageTo(pool, cpmmSpotPrice(pool))).toBe(pool);
    expect(cpmmArbitrageTo(pool, cpmmSpotPrice(pool) * 1.0000005)).toBe(pool);
    expect(cpmmArbitrageTo(pool, cpmmSpotPrice(pool) / 1.0000005)).toBe(pool);
    expect(cpmmArbitrageTo(pool, cpmmSpotPrice(pool) * 1.00001)).not.toBe(pool);
  });
});
