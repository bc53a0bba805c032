import { Injectable } from '@nestjs/common';
import type { FieldError } from '../contracts/rest.js';
import type { Token } from './token.js';
import { TokenRegistry } from './token-registry.js';
import { AmountError, toBaseUnits } from './token-amount.js';

export interface TradeFields {
  readonly inputToken?: unknown;
  readonly outputToken?: unknown;
  readonly amount?: unknown;
}

export interface Trade {
  readonly input: Token;
  readonly output: Token;
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
    const input = this.token('inputToken', fields.inputToken, errors);
    const output = this.token('outputToken', fields.outputToken, errors);
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
