import type { FieldError } from '../contracts/rest.js';
import { DEFAULT_TOKENS } from './token.js';
import { TokenRegistry } from './token-registry.js';
import { TradeFieldsValidator } from './trade-fields.validator.js';

const validator = new TradeFieldsValidator(new TokenRegistry());
const bySymbol = (symbol: string) => DEFAULT_TOKENS.find((t) => t.symbol === symbol)!;

function check(fields: Record<string, unknown>, earlier: FieldError[] = []) {
  const errors = [...earlier];
  const trade = validator.validate(fields, errors);
  return { trade, rules: errors.map((e) => `${e.field}:${e.rule}`), errors };
}

describe('TradeFieldsValidator', () => {
  it('resolves both tokens (symbol or mint, trimmed) and converts the amount to base units', () => {
    const { trade, rules } = check({ inputToken: ' sol ', outputToken: bySymbol('USDC').mint, amount: '1.5' });
    expect(rules).toEqual([]);
    expect(trade).toEqual({ input: bySymbol('SOL'), output: bySymbol('USDC'), amountIn: 1_500_000_000n });
  });

  it('names an unknown token, with the known symbols', () => {
    const { trade, errors } = check({ inputToken: 'DOGE', outputToken: 'USDC', amount: 1 });
    expect(trade).toBeUndefined();
    expect(errors).toEqual([
      { field: 'inputToken', rule: 'isKnownToken', message: expect.stringMatching(/^inputToken "DOGE" is not a known .*\(known: SOL, USDC/) },
    ]);
  });

  it('refuses the same token on both sides, also when one is given by mint', () => {
    expect(check({ inputToken: 'SOL', outputToken: bySymbol('SOL').mint, amount: 1 }).rules).toEqual(['outputToken:differsFromInputToken']);
  });

  it("checks the amount against the input token's decimals", () => {
    expect(check({ inputToken: 'USDC', outputToken: 'SOL', amount: '0.0000001' }).rules).toEqual(['amount:maxDecimals']);
    expect(check({ inputToken: 'SOL', outputToken: 'USDC', amount: '0.000000001' }).trade?.amountIn).toBe(1n);
    expect(check({ inputToken: 'SOL', outputToken: 'USDC', amount: '0' }).rules).toEqual(['amount:isPositive']);
  });

  it('with an unknown input token, reports only what is wrong with the number itself', () => {
    expect(check({ inputToken: 'DOGE', outputToken: 'USDC', amount: '0.0000001' }).rules).toEqual(['inputToken:isKnownToken']);
    expect(check({ inputToken: 'DOGE', outputToken: 'USDC', amount: '-1' }).rules).toEqual(['inputToken:isKnownToken', 'amount:isPositive']);
  });

  it('does not check again a field that already failed a shape rule, and ignores values of the wrong type', () => {
    const earlier: FieldError[] = [{ field: 'amount', rule: 'isNumberOrString', message: 'x' }];
    expect(check({ inputToken: 'SOL', outputToken: 'USDC', amount: '0' }, earlier).rules).toEqual(['amount:isNumberOrString']);
    expect(check({ inputToken: 42, outputToken: 'USDC', amount: 1 }).trade).toBeUndefined();
    expect(check({ inputToken: 42, outputToken: 'USDC', amount: 1 }).rules).toEqual([]);
    expect(check({ inputToken: 'SOL', outputToken: 'USDC', amount: true }).trade).toBeUndefined();
  });
});
