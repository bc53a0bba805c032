import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain.error.js';
import type { VenueId } from '../../contracts/order-lifecycle.js';
import type { Trade } from '../../tokens/trade-fields.validator.js';
import { encodeBase58 } from '../../common/base58.js';
import { SimulatedExchange } from '../simulated-exchange.js';

export interface OutsideSwapResult {
  readonly venue: VenueId;
  readonly txHash: string;
  readonly amountIn: string;
  readonly amountOut: string;
  readonly executedPrice: number;
}

class NoPoolError extends DomainError {
  readonly code = 'NO_POOL';

  constructor(venue: VenueId, pair: string) {
    super(`${venue} has no ${pair} pool`);
  }
}

/** What tests, demos and benchmarks use to move the simulated market the way other traders do. */
@Injectable()
export class SimulationControl {
  constructor(private readonly exchange: SimulatedExchange) {}

  /** Lands another trader's swap on `venue`: the pool (shared by every engine process) moves like any swap moves it. */
  async outsideSwap(venue: VenueId, { input, output, amountIn }: Trade): Promise<OutsideSwapResult> {
    const pool = this.exchange.pool(venue, input, output);
    if (!pool) throw new NoPoolError(venue, `${input.symbol}/${output.symbol}`);
    const txHash = encodeBase58(randomBytes(64));
    const entry = await this.exchange.land(txHash, [{ pool: pool.id, input, output, amountIn, chained: false }], 0n);
    if (entry.status !== 'landed') throw new Error(`the outside swap did not land: ${entry.status}`);
    return { venue, txHash, amountIn: entry.amountIn, amountOut: entry.amountOut, executedPrice: entry.executedPrice };
  }
}
