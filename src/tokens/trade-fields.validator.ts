import { Injectable } from '@nestjs/common';
import type { FieldError } from '../contracts/rest.js';
import type { Token } from './token.js';
import { TokenRegistry } from './token-registry.js';
import { AmountError, toBaseUnits } from './token-amount.js';
import { isMintAddress } from './mint-address.js';

interface TradeFields {
  readonly inputToken?: unknown;
  readonly outputToken?: unknown;
  readonly amount?: unknown;
}

export interface Trade {
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
}

/** A mint no venue lists yet (what a sniper order buys): its symbol and decimals come with its launch. */
export interface UnlaunchedToken {
  readonly symbol: string;
  readonly mint: string;
  readonly decimals: null;
}

/** An order's trade: its output may be a mint that has not launched, when its type allows it. */
export interface OrderTrade {
  readonly input: Token;
  readonly output: Token | UnlaunchedToken;
  readonly amountIn: bigint;
}

/**
 * The checks every trade shares (orders and quotes): both tokens known, not
 * the same token, and an amount that is exact in the input token's decimals.
 * Fields that already failed a shape rule (`errors`) are not checked again.
 */
@Injectable()
export class TradeFieldsValidator {
  constructor(private readonly tokens: TokenRegistry) {}

  validate(fields: TradeFields, errors: FieldError[]): Trade | undefined {
    return this.check(fields, errors, false) as Trade | undefined;
  }

  /** As `validate`, but with `unlaunchedOutput` an output that is a well-formed mint no venue lists yet is accepted. */
  validateOrder(fields: TradeFields, errors: FieldError[], unlaunchedOutput: boolean): OrderTrade | undefined {
    return this.check(fields, errors, unlaunchedOutput);
  }

  private check(fields: TradeFields, errors: FieldError[], unlaunchedOutput: boolean): OrderTrade | undefined {
    const input = this.token('inputToken', fields.inputToken, errors);
    const output =
      unlaunchedOutput && isUnlaunchedMint(fields.outputToken, this.tokens)
        ? unlaunched(fields.outputToken)
        : this.token('outputToken', fields.outputToken, errors);
    if (input && output && input.mint === output.mint) {
      errors.push({ field: 'outputToken', rule: 'differsFromInputToken', message: 'outputToken must differ from inputToken' });
    }
    const amountIn = this.amount(fields.amount, input, errors);
    return errors.length === 0 && input && output && amountIn !== undefined ? { input, output, amountIn } : undefined;
  }

  private token(field: string, value: unknown, errors: FieldError[]): Token | undefined {
    if (typeof value !== 'string' || errors.some((e) => e.field === field)) return undefined;
    const token = this.tokens.resolve(value.trim());
    if (!token) {
      errors.push({
        field,
        rule: 'isKnownToken',
        message: `${field} "${value}" is not a known token symbol or mint (known: ${this.tokens.symbols().join(', ')})`,
      });
    }
    return token;
  }

  private amount(amount: unknown, input: Token | undefined, errors: FieldError[]): bigint | undefined {
    if (errors.some((e) => e.field === 'amount') || (typeof amount !== 'number' && typeof amount !== 'string')) return undefined;
    try {
      // Without a known token, check the number itself (18 decimals covers every SPL token).
      return toBaseUnits(amount, input?.decimals ?? 18);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      if (input || (error.rule !== 'maxDecimals' && error.rule !== 'max')) {
        errors.push({ field: 'amount', rule: error.rule, message: error.message });
      }
      return undefined;
    }
  }
}

const isUnlaunchedMint = (value: unknown, tokens: TokenRegistry): value is string =>
  typeof value === 'string' && !tokens.resolve(value.trim()) && isMintAddress(value.trim());

/** Shown as its mint's ends until the launch names it. */
const unlaunched = (value: string): UnlaunchedToken => {
  const mint = value.trim();
  return { symbol: `${mint.slice(0, 4)}…${mint.slice(-4)}`, mint, decimals: null };
};
