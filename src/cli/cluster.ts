// `npm run start:cluster`: the engine as several processes on one machine.
// It starts the embedded Redis and PostgreSQL once (unless REDIS_URL /
// DATABASE_URL name others), then N API processes sharing one port (Node's
// cluster module hands them connections in turn) and M worker processes,
// restarts any that die, and on SIGTERM / SIGINT stops them all (each drains)
// before the services. Worker processes run at a lower CPU priority (nice 10):
// where they share cores with the API processes, answering clients comes first
// and execution takes the rest.
//
//   npm run start:cluster [-- --api 2 --worker 2 --worker-nice 10]     (or CLUSTER_API / CLUSTER_WORKERS / CLUSTER_WORKER_NICE)
import cluster, { type Worker } from 'node:cluster';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { configureOrExit } from '../logging/logging.module.js';
import { LocalServiceError } from '../local-services/local-service.error.js';
import { ensureLocalServices } from '../local-services/local-services.js';
import { parseCount } from './cli-args.js';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
const RESTART_DELAY_MS = 1_000;

interface Counts {
  readonly api: number;
  readonly worker: number;
  /** The worker processes' nice value (0: the same priority as the API processes). */
  readonly workerNice: number;
}

function parseCounts(argv: string[]): Counts {
  const workerNice = parseCount(argv, 'worker-nice', process.env.CLUSTER_WORKER_NICE ?? '10', 0);
  if (workerNice > 19) throw new Error(`--worker-nice must be 0-19 (got ${workerNice})`);
  return {
    api: parseCount(argv, 'api', process.env.CLUSTER_API ?? '2', 0),
    worker: parseCount(argv, 'worker', process.env.CLUSTER_WORKERS ?? '2', 0),
    workerNice,
  };
}

async function main(): Promise<void> {
  const { config } = configureOrExit(process.env, 'Cluster');
  const logger = new Logger('Cluster');
  const counts = parseCounts(process.argv.slice(2));
  if (counts.api + counts.worker === 0) throw new Error('nothing to start: --api and --worker are both 0');
  const services = await ensureLocalServices(config);
  const env = {
    REDIS_URL: services.config.redis.url ?? '',
    DATABASE_URL: services.config.database.url ?? '',
  };
  cluster.setupPrimary({ exec: MAIN, execArgv: [...ENGINE_NODE_FLAGS, ...process.execArgv] });
  let stopping = false;
  const roles = new Map<Worker, 'api' | 'worker'>();
  const fork = (role: 'api' | 'worker') => {
    const child = cluster.fork({ ...env, ENGINE_ROLE: role });
    roles.set(child, role);
    // Workers yield the cores to the API processes, so that submits are answered under load (docs/performance.md).
    if (role === 'worker' && counts.workerNice > 0) lowerPriority(child, counts.workerNice, logger);
  };
  cluster.on('exit', (worker, code, signal) => {
    const role = roles.get(worker)!;
    roles.delete(worker);
    if (stopping) return;
    logger.warn(`${role} process ${worker.process.pid} exited (${signal ?? code}): starting another in ${RESTART_DELAY_MS} ms`);
    setTimeout(() => !stopping && fork(role), RESTART_DELAY_MS);
  });
  for (let i = 0; i < counts.api; i++) fork('api');
  for (let i = 0; i < counts.worker; i++) fork('worker');
  logger.log(`started ${counts.api} API and ${counts.worker} worker process(es) (workers at nice ${counts.workerNice}; primary pid ${process.pid})`);

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping ${roles.size} process(es)`);
    await Promise.all([...roles.keys()].map((worker) => exited(worker)));
    await services.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function lowerPriority(worker: Worker, nice: number, logger: Logger): void {
  try {
    setPriority(worker.process.pid!, nice);
  } catch (error) {
    logger.warn(`could not lower worker process ${worker.process.pid}'s priority: ${(error as Error).message}`);
  }
}

function exited(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once('exit', () => resolve());
    worker.process.kill('SIGTERM');
  });
}

main().catch((error: Error) => {
  new Logger('Cluster').error(error instanceof LocalServiceError ? error.message : (error.stack ?? error.message));
  process.exit(1);
});
