import type { OrderStatus } from '../../contracts/order-lifecycle.js';

/** A constant list of statuses as SQL text, `('confirmed', 'failed')`: for statements whose text is fixed. */
export const sqlStatusList = (statuses: readonly OrderStatus[]): string => `(${statuses.map((status) => `'${status}'`).join(', ')})`;
