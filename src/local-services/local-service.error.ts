/** A local service (embedded Redis or PostgreSQL) cannot be used, with what to do about it: shown as is, without a stack. */
export class LocalServiceError extends Error {}
