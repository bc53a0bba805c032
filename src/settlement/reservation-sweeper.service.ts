import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { signature as toSignature } from '@solana/kit';
import { SolanaClient } from '../chain/solana-client.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionLander } from '../landing/transaction-lander.service.js';
import { SimulatedChain } from '../simulation/simulated-chain.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import type { VenueReservation } from '../simulation/venue-reservation.js';
import { WalletCommitments } from '../wallets/wallet-commitments.service.js';

const SWEEP_EVERY_MS = 5_000;

/**
 * Settles the venues' reservations nobody is waiting on any more (the process that made one crashed before or
 * after sending its transaction): once its blockhash has expired, or its network was reset, the chain says
 * what it came to, and the reservation is kept (landed) or given back. One process sweeps at a time.
 */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReservationSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly exchange: SimulatedExchange,
    private readonly chain: SimulatedChain,
    private readonly lander: TransactionLander,
    private readonly client: SolanaClient,
    private readonly config: AppConfig,
    private readonly commitments: WalletCommitments,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweepOnce()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn(`reservation sweep failed: ${error.message}`))
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep (when this process's turn): how many reservations it settled. */
  async sweepOnce(): Promise<number> {
    if (!(await this.chain.claimPeriod('reservation-sweep', SWEEP_EVERY_MS))) return 0;
    const pending = await this.exchange.pendingReservations();
    if (pending.length === 0) return 0;
    const { rpc } = this.client;
    const [blockHeight, genesisHash] = await Promise.all([
      rpc.getBlockHeight({ commitment: this.config.chain.commitment }).send(),
      rpc.getGenesisHash().send(),
    ]);
    const over = pending.filter((r) => r.expiry.genesisHash !== genesisHash || blockHeight > r.expiry.lastValidBlockHeight);
    await Promise.all(over.map((reservation) => this.settle(reservation)));
    return over.length;
  }

  private async settle(reservation: VenueReservation): Promise<void> {
    const fate = reservation.signature ? (await this.lander.settle({ signature: toSignature(reservation.signature), ...reservation.expiry })).kind : 'unsigned';
    if (fate === 'landed') await this.exchange.landed(reservation.id);
    else await this.exchange.release(reservation.id);
    // Its wallet's commitment too (the same id): the wallet's balance shows what it spent, or it never spent it.
    await this.commitments.release(reservation.id);
    this.logger.log(
      `venue reservation ${reservation.id} (${reservation.signature ?? 'never signed'}) was left pending: ${fate === 'landed' ? 'kept, its transaction landed' : `given back (${fate})`}`,
    );
  }
}
