import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { LoggingModule } from './logging/logging.module.js';
import type { PinoLoggerService } from './logging/pino-logger.service.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RateLimitsModule } from './rate-limits/rate-limits.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ChainModule } from './chain/chain.module.js';
import { TradersModule } from './traders/traders.module.js';
import { WalletsModule } from './wallets/wallets.module.js';
import { LocalMarketModule } from './local-market/local-market.module.js';
import { SettlementModule } from './settlement/settlement.module.js';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller.js';
import { ShutdownModule } from './health/shutdown.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { OrderWorkerModule } from './queue/order-worker.module.js';
import { PriceSamplingModule } from './quotes/price-sampling.module.js';
import { QuotesModule } from './quotes/quotes.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SimulationControlModule } from './simulation/control/simulation-control.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { TriggersModule } from './triggers/triggers.module.js';

/** What each process role loads: a role is a choice of modules, not flags inside services. */
const ROLE_MODULES: Record<'api' | 'worker', Type[]> = {
  /** REST, WebSocket and the dashboard; enqueues orders and streams their events. AuthModule first: its guard names the caller whose budget RateLimitsModule's guard spends. */
  api: [AuthModule, RateLimitsModule, OrdersModule, QuotesModule, DashboardModule],
  /** Executes orders, fires and expires resting ones, sweeps for stranded ones, samples prices. */
  worker: [OrderWorkerModule, TriggersModule, PriceSamplingModule],
};

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger?: PinoLoggerService): DynamicModule {
    const roles = config.role === 'all' ? (['api', 'worker'] as const) : [config.role];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        ShutdownModule,
        MetricsModule,
        TokensModule,
        RedisModule,
        DatabaseModule,
        ChainModule.forRoot(config, roles.includes('api')),
        ...roles.flatMap((role) => ROLE_MODULES[role]),
        ...(roles.includes('api') && config.simulation.control ? [SimulationControlModule] : []),
        // Every process on a Solana network sets its market up if it is local (whichever boots first does it).
        ...(config.chain.mode === 'solana' ? [LocalMarketModule, WalletsModule.forRoot(roles.includes('api'))] : []),
        ...(roles.includes('worker') ? [SettlementModule.forRoot(config)] : []),
        // The market's arbitrageur trades on the network as the engine does: where swaps are settled.
        ...(roles.includes('worker') && config.chain.mode === 'solana' ? [TradersModule] : []),
        ...(roles.includes('api') ? [TerminusModule.forRoot({ logger: false })] : []),
      ],
      controllers: roles.includes('api') ? [HealthController, MetricsController] : [],
    };
  }
}
