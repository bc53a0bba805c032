import type { ConfiguredPool } from './extra-pools.js';
import type { PriorityFeePolicy } from '../landing/landing-decisions.js';
import type { ApiKey } from '../auth/api-key.js';
import type { Token } from '../tokens/token.js';
import type { DelayRange } from './delay-range.js';

/**
 * The engine's configuration, read from the environment once at boot
 * (see `loadConfig`) and injected everywhere else by this class token.
 */
export class AppConfig {
  /** The most verbose level logged: each level includes those above it (error, warn, log, debug, verbose). */
  readonly logLevel!: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** JSON lines (production) or human-readable lines (development). */
  readonly logFormat!: 'json' | 'pretty';
  /** One access line per HTTP request. */
  readonly accessLog!: boolean;
  /** Which parts this process runs: `api` (REST, WebSocket, dashboard), `worker` (execution), or both. */
  readonly role!: 'all' | 'api' | 'worker';
  /** Submits being accepted at once past which new ones get 503 with Retry-After (load shedding). */
  readonly maxInflightSubmits!: number;
  readonly ws!: {
    /** A WebSocket client that has not answered the previous ping by the next one is dropped. */
    readonly heartbeatMs: number;
    /** A client with this much unsent data is not reading: it is cut off rather than buffered without bound. */
    readonly maxBufferedBytes: number;
  };
  /** How long a worker drains its running orders on shutdown before it leaves them to be taken over. */
  readonly shutdownTimeoutMs!: number;
  readonly http!: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    /** Base URL used in `wsUrl` when set; otherwise the request's Host header. */
    readonly publicWsUrl?: string;
  };
  readonly redis!: {
    /** Undefined: the engine uses (or starts) a local Redis on `embeddedPort`. */
    readonly url?: string;
    /** A Redis Cluster's seed nodes; when set, REDIS_URL's credentials and TLS apply to every node. */
    readonly clusterNodes: readonly { host: string; port: number }[];
    /** Sentinels watching `sentinelMaster`; when set, they locate the master. */
    readonly sentinels: readonly { host: string; port: number }[];
    readonly sentinelMaster: string;
    readonly embeddedPort: number;
    readonly keyPrefix: string;
    /** A command of the engine's own connections that gets no answer within this fails (a hung Redis). */
    readonly commandTimeoutMs: number;
  };
  readonly database!: {
    /** A PostgreSQL URL; undefined until bootstrap resolves the embedded server's. */
    readonly url?: string;
    /** Port of the embedded PostgreSQL (used with no DATABASE_URL). */
    readonly embeddedPort: number;
    /** Connections per engine process. */
    readonly poolSize: number;
  };
  readonly dataDir!: string;
  readonly wallets!: {
    /** Where the custodial wallets' keypair files are (WALLETS_DIR). */
    readonly dir: string;
    /** SOL a new wallet gets from the faucet on a local network. */
    readonly faucetSol: number;
    /** USD worth of every SPL token a new wallet gets from the faucet on a local network. */
    readonly faucetUsd: number;
  };
  readonly chain!: {
    /** `solana`: swaps are signed transactions on a Solana network; `paper`: they land on a simulated chain in Redis. */
    readonly mode: 'solana' | 'paper';
    /** Undefined until bootstrap resolves the embedded network's (with CHAIN=solana and no SOLANA_RPC_URL). */
    readonly rpcUrl?: string;
    readonly wsUrl?: string;
    readonly embeddedRpcPort: number;
    readonly embeddedWsPort: number;
    readonly slotMs: number;
    /** The commitment that counts as `confirmed`. */
    readonly commitment: 'confirmed' | 'finalized';
    /** The RPC and WebSocket URLs to tell clients (`GET /api/chain`): the engine's own when unset. */
    readonly publicRpcUrl?: string;
    readonly publicWsUrl?: string;
  };
  readonly landing!: {
    /** How often a sent transaction is sent again until it lands or expires. */
    readonly rebroadcastMs: number;
    /** How often the statuses of the transactions in flight are read (one batched call). */
    readonly pollMs: number;
    /** The compute-unit limit is the simulation's units times this. */
    readonly computeUnitMargin: number;
    readonly priorityFee: PriorityFeePolicy;
  };
  readonly queue!: {
    readonly concurrency: number;
    readonly rateMax: number;
    readonly rateWindowMs: number;
    readonly attempts: number;
    readonly backoffMs: number;
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
  };
  readonly routing!: {
    readonly quoteTimeoutMs: number;
    readonly defaultSlippageBps: number;
    /** The route search's bounds: swaps in a row on a path, swaps in a route, pools tried per pair crossed. */
    readonly maxHops: number;
    readonly maxSwaps: number;
    readonly poolsPerHop: number;
    /** Network fees of one more swap in a route, in lamports. */
    readonly swapCostLamports: bigint;
  };
  readonly triggers!: {
    /** How often resting orders are checked against the market. */
    readonly intervalMs: number;
  };
  readonly auth!: {
    /** The API keys; empty: the engine runs open (everyone sees every order). */
    readonly keys: readonly ApiKey[];
  };
  readonly edge!: {
    /** Origins a browser may call the API from; empty: same origin only; ['*']: any. */
    readonly corsOrigins: readonly string[];
    /** Fastify's trustProxy: hops to trust, the proxies' addresses, or false (the socket's address is the client's). */
    readonly trustProxy: number | readonly string[] | false;
  };
  /** Also serve `/metrics` on this port (any role). */
  readonly metricsPort?: number;
  readonly rateLimits!: {
    /** Per caller per window, shared by every process (Redis); 0: unlimited. */
    readonly submits: number;
    readonly reads: number;
    readonly windowMs: number;
    /** Per caller across every API process; 0: no cap. */
    readonly wsConnections: number;
    /** Per connection; 0: no cap. */
    readonly wsSubscriptions: number;
  };
  readonly tokens!: {
    /** Tokens added to the built-in registry by EXTRA_TOKENS. */
    readonly extra: readonly Token[];
  };
  readonly simulation!: {
    readonly quoteDelay: DelayRange;
    readonly settleDelay: DelayRange;
    readonly failureRate: number;
    /** How often the venues' prices are sampled for GET /api/prices; 0 turns sampling off. */
    readonly priceSampleMs: number;
    /** Whether `/api/simulation/*` (outside swaps, token launches) is served. */
    readonly control: boolean;
    /** A random token launch this often (ms), one across every process; 0: none. */
    readonly launchEveryMs: number;
    /** On a network: how often the arbitrageur trades pools back within their fee band (ms); 0: never. */
    readonly arbitrageEveryMs: number;
    /** On a network: other traders' random swaps per minute; 0: none. */
    readonly flowSwapsPerMinute: number;
    /** Pools the venues list besides their own (EXTRA_POOLS). */
    readonly extraPools: readonly ConfiguredPool[];
    /** Seed of the simulated market's random walk; undefined = random. */
    readonly seed?: number;
  };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
