// A local Solana network in a process of its own: Surfpool's Solana runtime (solana-core) from the npm package
// @solana/surfpool-linux-x64-gnu, serving standard JSON-RPC and WebSocket subscriptions on fixed ports.
//
//   node dist/local-services/solana-network.process.js --rpc-port 8899 --ws-port 8900 [--slot-ms 100]
//
// It prints one JSON line on stdout when ready ({"event":"ready","rpcUrl","wsUrl","genesisHash",…}) and stops
// on SIGTERM or SIGINT. Its state lives in memory: a restart is a new network (a new genesis hash), which the
// engine notices and sets its market up on again.
import { createRequire } from 'node:module';
import { createServer, connect, type Server } from 'node:net';

interface SurfnetEvent {
  readonly kind: string;
  readonly message?: string;
}

interface Surfnet {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  drainEvents(): SurfnetEvent[];
  stop(): void;
}

interface SurfnetModule {
  Surfnet: { startWithConfig(config: Record<string, unknown>): Surfnet };
}

const DRAIN_EVERY_MS = 100;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const rpcPort = Number(option('rpc-port', '8899'));
const wsPort = Number(option('ws-port', '8900'));
const slotMs = Number(option('slot-ms', '100'));
const host = '127.0.0.1';

/**
 * The runtime cannot be told its ports (it binds free ones itself): each fixed port forwards raw TCP to the
 * runtime's own, which serves HTTP keep-alive and WebSocket alike (≈0.05 ms a call).
 */
function forward(port: number, target: string): Promise<Server> {
  const { hostname, port: targetPort } = new URL(target.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    const server = createServer((client) => {
      const upstream = connect(Number(targetPort), hostname);
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      client.pipe(upstream).pipe(client);
      const cut = () => (client.destroy(), upstream.destroy());
      client.on('error', cut).on('close', cut);
      upstream.on('error', cut).on('close', cut);
    });
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function genesisHash(rpcUrl: string): Promise<string> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getGenesisHash' }),
  });
  return ((await response.json()) as { result: string }).result;
}

async function main(): Promise<void> {
  const { Surfnet } = createRequire(import.meta.url)('@solana/surfpool-linux-x64-gnu') as SurfnetModule;
  // Offline (no mainnet behind it), a slot every slotMs like a validator's clock.
  const network = Surfnet.startWithConfig({ offline: true, blockProductionMode: 'clock', slotTimeMs: slotMs });
  // The runtime posts an event per slot and per transaction into a bounded channel and blocks when it is full:
  // undrained, the whole network (clock and RPC) stops after about a thousand events.
  const drainer = setInterval(() => {
    for (const event of network.drainEvents()) if (event.kind === 'errorLog') process.stderr.write(`solana-network: ${event.message ?? ''}\n`);
  }, DRAIN_EVERY_MS);
  const servers = await Promise.all([forward(rpcPort, network.rpcUrl), forward(wsPort, network.wsUrl)]);
  const rpcUrl = `http://${host}:${rpcPort}`;
  const ready = { event: 'ready', rpcUrl, wsUrl: `ws://${host}:${wsPort}`, genesisHash: await genesisHash(rpcUrl), slotMs, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = () => {
    clearInterval(drainer);
    servers.forEach((server) => server.close());
    network.stop();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ event: 'error', message: error.message })}\n`);
  process.exit(1);
});
