import { RequestValidationError } from '../common/errors/request.errors.js';
import { loadConfig } from '../config/environment.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { TradeFieldsValidator } from '../tokens/trade-fields.validator.js';
import { OrderRequestParser } from './order-request.parser.js';
import { LimitOrderType } from '../order-types/limit.order-type.js';
import { MarketOrderType } from '../order-types/market.order-type.js';
import { OrderTypes } from '../order-types/order-types.service.js';

const parser = new OrderRequestParser(
  new TradeFieldsValidator(new TokenRegistry()),
  loadConfig({ DEFAULT_SLIPPAGE_BPS: '75' }),
  new OrderTypes([new MarketOrderType(), new LimitOrderType()]),
);

const errorsOf = (body: unknown) => {
  try {
    parser.parse(body);
  } catch (error) {
    if (error instanceof RequestValidationError) return error.errors.map((e) => `${e.field}:${e.rule}`);
    throw error;
  }
  return [];
};

describe('OrderRequestParser', () => {
  it('parses the seed README body (upper-case type, numeric amount)', () => {
    const request = parser.parse({ type: 'MARKET', side: 'buy', inputToken: 'SOL', outputToken: 'USDC', amount: 10 });
    expect(request).toMatchObject({ type: 'market', side: 'buy', amountIn: 10_000_000_000n, slippageBps: 75 });
    expect(request.input.symbol).toBe('SOL');
    expect(request.output.decimals).toBe(6);
  });

  it('resolves mints and case-insensitive symbols', () => {
    const request = parser.parse({
      type: 'market',
      inputToken: 'usdc',
      outputToken: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263',
      amount: '12.5',
      slippageBps: 10,
    });
    expect(request).toMatchObject({ side: null, amountIn: 12_500_000n, slippageBps: 10 });
    expect(request.output.symbol).toBe('BONK');
  });

  it('reports one rule per bad field, for every bad field', () => {
    expect(errorsOf({ type: 'twap', side: 'long', inputToken: 'NOPE', outputToken: '', amount: 'x', slippageBps: -1, extra: 1 }).sort()).toEqual([
      'amount:isNumeric',
      'extra:isNotAllowed',
      'inputToken:isKnownToken',
      'outputToken:isNotEmpty',
      'side:isIn',
      'slippageBps:min',
      'type:isIn',
    ]);
  });

  it('checks the amount against the input token decimals', () => {
    expect(errorsOf({ type: 'market', inputToken: 'BONK', outputToken: 'SOL', amount: '1.000001' })).toEqual(['amount:maxDecimals']);
    expect(errorsOf({ type: 'market', inputToken: 'SOL', outputToken: 'BONK', amount: '1.000001' })).toEqual([]);
  });

  it('refuses the same token on both sides, by symbol or by mint', () => {
    expect(errorsOf({ type: 'market', inputToken: 'SOL', outputToken: 'So11111111111111111111111111111111111111112', amount: 1 })).toEqual([
      'outputToken:differsFromInputToken',
    ]);
  });

  it('parses a limit order: the limit price kept exactly as a canonical decimal, an optional expiry', () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const request = parser.parse({ type: 'limit', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: 2, limitPrice: '160.50', expiresAt });
    expect(request).toMatchObject({ type: 'limit', amountIn: 2_000_000_000n, terms: { limitPrice: '160.5', maxPrice: null, expiresAt } });
    expect(parser.parse({ type: 'limit', inputToken: 'SOL', outputToken: 'BONK', amount: 1, limitPrice: 1e-7 }).terms.limitPrice).toBe('0.0000001');
    expect(parser.parse({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: 150 }).terms.expiresAt).toBeNull();
  });

  it("names each bad field of a limit order, and refuses a type's fields on another type", () => {
    expect(errorsOf({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1 })).toEqual(['limitPrice:isDefined']);
    expect(errorsOf({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: '-1' })).toEqual(['limitPrice:isDecimalPrice']);
    expect(errorsOf({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: '0' })).toEqual(['limitPrice:isPositive']);
    expect(errorsOf({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: { p: 1 } })).toEqual(['limitPrice:isDecimalPrice']);
    expect(errorsOf({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: 1, expiresAt: 'tomorrow' })).toEqual([
      'expiresAt:isISO8601',
    ]);
    expect(errorsOf({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: 1, expiresAt: '2020-01-01T00:00:00Z' })).toEqual([
      'expiresAt:isFuture',
    ]);
    expect(errorsOf({ type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: 150 })).toEqual(['limitPrice:allowedForType']);
  });

  it('refuses bodies that are not objects', () => {
    for (const body of [null, 'SOL', [1], 42]) expect(errorsOf(body)).toEqual(['body:isObject']);
  });
});
