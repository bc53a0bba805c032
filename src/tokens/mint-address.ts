import { registerDecorator, type ValidationOptions } from 'class-validator';
import { decodeBase58 } from '../common/base58.js';

/** A Solana address as a mint is written: base58 of exactly 32 bytes (32–44 characters). */
export function isMintAddress(text: string): boolean {
  if (text.length < 32 || text.length > 44) return false;
  try {
    return decodeBase58(text).length === 32;
  } catch {
    return false; // a character outside the base58 alphabet
  }
}

const MINT_ADDRESS_RULE = 'a Solana mint address (base58, 32 bytes)';

export function IsMintAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMintAddress',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be ${MINT_ADDRESS_RULE}`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isMintAddress(value) },
    });
}
