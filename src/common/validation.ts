import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from '../contracts/rest.js';
import { RequestValidationError } from './errors/request.errors.js';

/** Flattens class-validator errors into `{ field, rule, message }` entries. */
export function toFieldErrors(error: ValidationError, parent = ''): FieldError[] {
  const field = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
    rule === 'whitelistValidation' ? { field, rule: 'isNotAllowed', message: `${field} is not an allowed field` } : { field, rule, message },
  );
  return [...own, ...(error.children ?? []).flatMap((child) => toFieldErrors(child, field))];
}

/** The app-wide pipe for DTO classes: unknown fields are refused, errors name field and rule. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new RequestValidationError(errors.flatMap((e) => toFieldErrors(e))),
  });
