import { encodeBase58 } from '../common/base58.js';
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

describe('TradeFieldsValidator for orders whose output may not have launched', () => {
  const unlaunchedMint = 'Fr3sHm1nTzzzaaaaBBBBccccDDDDeeeeFFFFgggg1111';
  const order = (fields: Record<string, unknown>, unlaunched: boolean) => {
    const errors: FieldError[] = [];
    return { trade: validator.validateOrder(fields, errors, unlaunched), rules: errors.map((e) => `${e.field}:${e.rule}`) };
  };

  it('takes a well-formed mint no venue lists, trimmed, named by its ends and without decimals', () => {
    const mint = encodeMint(7);
    const { trade, rules } = order({ inputToken: 'SOL', outputToken: ` ${mint} `, amount: '2' }, true);
    expect(rules).toEqual([]);
    expect(trade).toEqual({
      input: bySymbol('SOL'),
      output: { symbol: `${mint.slice(0, 4)}…${mint.slice(-4)}`, mint, decimals: null },
      amountIn: 2_000_000_000n,
    });
  });

  it('only for an order type that allows it, and never a symbol or a malformed mint', () => {
    const mint = encodeMint(9);
    expect(order({ inputToken: 'SOL', outputToken: mint, amount: '1' }, false).rules).toEqual(['outputToken:isKnownToken']);
    for (const outputToken of ['NEWCOIN', unlaunchedMint.slice(0, 31), `${mint}0`]) {
      expect(order({ inputToken: 'SOL', outputToken, amount: '1' }, true).rules).toEqual(['outputToken:isKnownToken']);
    }
  });

  it('a known token stays the known token, and one that launched since resolves as launched', () => {
    const usdc = bySymbol('USDC');
    expect(order({ inputToken: 'SOL', outputToken: usdc.mint, amount: '1' }, true).trade?.output).toEqual(usdc);
    expect(order({ inputToken: 'SOL', outputToken: 'SOL', amount: '1' }, true).rules).toEqual(['outputToken:differsFromInputToken']);
  });

  it('an unknown input is never taken for an unlaunched token', () => {
    expect(order({ inputToken: encodeMint(3), outputToken: encodeMint(4), amount: '1' }, true).rules).toEqual(['inputToken:isKnownToken']);
  });
});

function encodeMint(seed: number): string {
  return encodeBase58(Uint8Array.from({ length: 32 }, (_, i) => (i * 31 + seed * 17 + 1) % 256));
}
