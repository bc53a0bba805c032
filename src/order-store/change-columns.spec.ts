import type { StatusChange } from '../contracts/order-lifecycle.js';
import { columnsForChange } from './change-columns.js';

/** Each status with details that carry only what the columns read (the rest of an event is not the columns' business). */
const change = (status: string, details: object) => ({ status, attempt: 1, details }) as unknown as StatusChange;
const route = { venue: 'raydium', legs: [] };

describe('columnsForChange', () => {
  it.each([
    ['pending', {}, {}],
    ['routing', { quotes: ['q'], route }, { venue: 'raydium', quotes: ['q'], route }],
    ['building', { venue: 'meteora', minAmountOut: '990' }, { venue: 'meteora', min_amount_out: '990' }],
    ['submitted', { txHash: 'sig' }, { tx_hash: 'sig' }],
    ['retrying', { error: { code: 'SLIPPAGE_EXCEEDED' } }, { failure: { code: 'SLIPPAGE_EXCEEDED' } }],
    [
      'confirmed',
      { venue: 'raydium', txHash: 'sig', amountOut: '1000', executedPrice: 150.5 },
      { venue: 'raydium', tx_hash: 'sig', amount_out: '1000', executed_price: 150.5, failure: null },
    ],
    ['failed', { error: { code: 'NO_ROUTE' } }, { failure: { code: 'NO_ROUTE' } }],
    ['waiting', { reason: 'limit' }, { tx_hash: null }],
    ['cancelled', { reason: 'by the client' }, {}],
    ['expired', { expiresAt: '2030-01-01T00:00:00.000Z' }, {}],
  ])('%s sets exactly its columns', (status, details, columns) => {
    expect(columnsForChange(change(status, details))).toStrictEqual(columns);
  });
});
