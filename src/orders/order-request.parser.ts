import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toFieldErrors } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { RequestValidationError } from '../common/errors/request.errors.js';
import type { OrderSide, OrderType } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { AmountError, toBaseUnits } from '../tokens/token-amount.js';
import { ExecuteOrderDto } from './dto/execute-order.dto.js';

/** A valid order request: tokens resolved, amount in exact base units. */
export interface OrderRequest {
  readonly type: OrderType;
  readonly side: OrderSide | null;
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
  readonly slippageBps: number;
}

/**
 * Turns a raw order body (REST or WebSocket) into an `OrderRequest`, or
 * throws `RequestValidationError` naming every bad field and its rule.
 */
@Injectable()
export class OrderRequestParser {
  constructor(
    private readonly tokens: TokenRegistry,
    private readonly config: AppConfig,
  ) {}

  parse(body: unknown): OrderRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new RequestValidationError([{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }]);
    }
    const dto = plainToInstance(ExecuteOrderDto, body);
    const shapeErrors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }).flatMap((e) => toFieldErrors(e));
    const input = this.token('inputToken', dto.inputToken, shapeErrors);
    const output = this.token('outputToken', dto.outputToken, shapeErrors);
    const errors = [...shapeErrors, ...this.pairErrors(input, output), ...amountErrors(dto.amount, input, shapeErrors)];
    if (errors.length > 0 || !input || !output) throw new RequestValidationError(errors);
    return {
      type: dto.type,
      side: dto.side ?? null,
      input,
      output,
      amountIn: toBaseUnits(dto.amount, input.decimals),
      slippageBps: dto.slippageBps ?? this.config.routing.defaultSlippageBps,
    };
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

  private pairErrors(input: Token | undefined, output: Token | undefined): FieldError[] {
    if (!input || !output || input.mint !== output.mint) return [];
    return [{ field: 'outputToken', rule: 'differsFromInputToken', message: 'outputToken must differ from inputToken' }];
  }
}

function amountErrors(amount: unknown, input: Token | undefined, errors: readonly FieldError[]): FieldError[] {
  if (errors.some((e) => e.field === 'amount') || (typeof amount !== 'number' && typeof amount !== 'string')) return [];
  try {
    // Without a known token, check the number itself (18 decimals covers every SPL token).
    toBaseUnits(amount, input?.decimals ?? 18);
    return [];
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    if (!input && (error.rule === 'maxDecimals' || error.rule === 'max')) return [];
    return [{ field: 'amount', rule: error.rule, message: error.message }];
  }
}
