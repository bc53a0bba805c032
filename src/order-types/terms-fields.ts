import type { OrderType } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import type { TermsFields } from './order-type.handler.js';
import { formatPrice, parsePrice, PriceError } from './order-price.js';

/** Shared checks of the fields order types own; each bad field is named with its rule. */

/** Fields of other order types are refused, not ignored: a forgotten `"type": "limit"` must not execute at market. */
export function refuseForeignFields(fields: TermsFields, own: readonly (keyof TermsFields)[], type: OrderType, errors: FieldError[]): void {
  for (const field of ['limitPrice', 'maxPrice', 'expiresAt'] as const) {
    if (!own.includes(field) && fields[field] !== undefined) {
      errors.push({ field, rule: 'allowedForType', message: `${field} is not a field of ${type} orders` });
    }
  }
}

/** A price field (decimal string or number), canonical text; null when absent and optional. */
export function priceField(field: 'limitPrice' | 'maxPrice', value: unknown, required: boolean, errors: FieldError[]): string | null {
  if (value === undefined || value === null) {
    if (required) errors.push({ field, rule: 'isDefined', message: `${field} is required for this order type` });
    return null;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    errors.push({ field, rule: 'isDecimalPrice', message: `${field} must be a decimal string or a number` });
    return null;
  }
  try {
    return formatPrice(parsePrice(field, value));
  } catch (error) {
    if (!(error instanceof PriceError)) throw error;
    errors.push({ field, rule: error.rule, message: error.message });
    return null;
  }
}

/** `expiresAt`: an ISO 8601 time in the future; null (good till cancelled) when absent. */
export function expiryField(value: unknown, errors: FieldError[], now: Date): string | null {
  if (value === undefined || value === null) return null;
  const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    errors.push({ field: 'expiresAt', rule: 'isISO8601', message: 'expiresAt must be an ISO 8601 time, e.g. "2026-12-01T12:00:00Z"' });
    return null;
  }
  if (at.getTime() <= now.getTime()) {
    errors.push({ field: 'expiresAt', rule: 'isFuture', message: 'expiresAt must be in the future' });
    return null;
  }
  return at.toISOString();
}
