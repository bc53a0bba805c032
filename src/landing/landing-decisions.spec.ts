import fc from 'fast-check';
import { attemptFate, computeUnitLimit, MAX_COMPUTE_UNITS, maxFeeLamports, priorityFee, type SentAttempt } from './landing-decisions.js';

describe('computeUnitLimit', () => {
  it('asks for what the simulation used, times the margin, rounded up, within bounds', () => {
    expect(computeUnitLimit(17_071, 1.2)).toBe(20_486);
    expect(computeUnitLimit(100, 1.2)).toBe(1_000);
    expect(computeUnitLimit(100, 1.2, 150)).toBe(150);
    expect(computeUnitLimit(1_300_000, 1.2)).toBe(MAX_COMPUTE_UNITS);
  });
});

describe('priorityFee', () => {
  const policy = { percentile: 75, floor: 1_000n, cap: 2_000_000n };

  it('bids the floor on a quiet market or a fresh network (no recent fees)', () => {
    expect(priorityFee([], policy)).toBe(1_000n);
    expect(priorityFee([0n, 0n, 10n], policy)).toBe(1_000n);
  });

  it("takes the policy's percentile of the recent fees, in any order", () => {
    const fees = [40_000n, 10_000n, 30_000n, 20_000n];
    expect(priorityFee(fees, policy)).toBe(30_000n);
    expect(priorityFee(fees, { ...policy, percentile: 100 })).toBe(40_000n);
    expect(priorityFee(fees, { ...policy, percentile: 50 })).toBe(20_000n);
    expect(priorityFee(fees, { ...policy, percentile: 0 })).toBe(10_000n);
  });

  it('never bids over the cap, however the market spikes', () => {
    expect(priorityFee([50_000_000n], policy)).toBe(2_000_000n);
  });

  it('always lands within [floor, cap] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n })), fc.integer({ min: 0, max: 100 }), (fees, percentile) => {
        const fee = priorityFee(fees, { ...policy, percentile });
        return fee >= policy.floor && fee <= policy.cap;
      }),
    );
  });
});

describe('maxFeeLamports', () => {
  it('is 5,000 a signature plus the unit limit at its price, rounded up', () => {
    expect(maxFeeLamports(2, 20_000, 1_000_000n)).toBe(30_000n);
    expect(maxFeeLamports(1, 20_000, 1_000n)).toBe(5_020n);
    expect(maxFeeLamports(1, 1, 1n)).toBe(5_001n);
  });
});

describe('attemptFate', () => {
  const sent: SentAttempt = { lastValidBlockHeight: 150n, genesisHash: 'G' };
  const at = (blockHeight: bigint, genesisHash = 'G') => ({ blockHeight, genesisHash });

  it('landed once the commitment that counts is reached without an error', () => {
    expect(attemptFate({ confirmationStatus: 'confirmed', err: null }, sent, at(10n), 'confirmed')).toEqual({ kind: 'landed' });
    expect(attemptFate({ confirmationStatus: 'finalized', err: null }, sent, at(10n), 'confirmed')).toEqual({ kind: 'landed' });
  });

  it('still live while it has not reached that commitment, even past its blockhash (it landed in time)', () => {
    expect(attemptFate({ confirmationStatus: 'processed', err: null }, sent, at(10n), 'confirmed')).toEqual({ kind: 'live' });
    expect(attemptFate({ confirmationStatus: 'confirmed', err: null }, sent, at(200n), 'finalized')).toEqual({ kind: 'live' });
  });

  it('failed when it landed with an error, carrying the error', () => {
    const err = { InstructionError: [2, { Custom: 1 }] };
    expect(attemptFate({ confirmationStatus: 'confirmed', err }, sent, at(10n), 'confirmed')).toEqual({ kind: 'failed', err });
  });

  it('unknown to the network: live up to its last valid block height, expired after it', () => {
    expect(attemptFate(null, sent, at(150n), 'confirmed')).toEqual({ kind: 'live' });
    expect(attemptFate(null, sent, at(151n), 'confirmed')).toEqual({ kind: 'expired' });
  });

  it('a network with another genesis that does not know it never saw it; one that holds it landed it', () => {
    expect(attemptFate(null, sent, at(1n, 'H'), 'confirmed')).toEqual({ kind: 'network-reset' });
    expect(attemptFate(null, sent, at(500n, 'H'), 'confirmed')).toEqual({ kind: 'network-reset' });
    expect(attemptFate({ confirmationStatus: 'confirmed', err: null }, sent, at(1n, 'H'), 'confirmed')).toEqual({ kind: 'landed' });
  });
});
