// The bench's reference: the engine's architecture with nothing else in it.
// `node:http` accepts an order and adds one BullMQ job (the engine's concurrency), the
// job publishes the five lifecycle events on Redis pub/sub, and a `ws`
// server streams them to subscribers, with the engine's URLs and frames. It
// stores nothing durable and does no routing or settlement, so its
// throughput bounds what the engine can reach on the same machine.
// Given a Solana network, each job also sends one signed SPL token transfer with
// the order's memo and waits for it to be confirmed before `confirmed` is published:
// the bound of an engine whose orders settle on that network.
//
//   node dist/cli/reference-server.js <port> <redis-url> <concurrency> [<solana-rpc-url> <solana-ws-url>]
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';
import { transfersOn } from './bench-chain.js';

const [port, redisUrl, concurrency] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] ?? 10)];
const [solanaRpcUrl, solanaWsUrl] = [process.argv[5], process.argv[6]];
const transfers = solanaRpcUrl ? await transfersOn(solanaRpcUrl, solanaWsUrl) : undefined;
const QUEUE = 'reference';
const CHANNEL = 'reference-events';
const STATUSES = ['pending', 'routing', 'building', 'submitted', 'confirmed'] as const;

const connection = { url: redisUrl, maxRetriesPerRequest: null };
const queue = new Queue(QUEUE, { connection });
const publisher = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const followers = new Map<string, Set<WebSocket>>();
/** Events published before their order's subscriber arrived (the client subscribes after the 202). */
const early = new Map<string, string[]>();

new Worker(
  QUEUE,
  async (job) => {
    const orderId = job.data.orderId as string;
    for (const [i, status] of STATUSES.slice(1).entries()) {
      if (status === 'confirmed') await transfers?.send(`order:${orderId}`);
      await publish(orderId, status, i + 2);
    }
  },
  { connection, concurrency, prefix: 'bull' },
);

async function publish(orderId: string, status: string, seq: number): Promise<void> {
  await publisher.publish(CHANNEL, JSON.stringify({ event: 'order.status', data: { orderId, seq, status, at: new Date().toISOString() } }));
}

void subscriber.subscribe(CHANNEL);
subscriber.on('message', (_channel: string, frame: string) => {
  const orderId = (JSON.parse(frame) as { data: { orderId: string } }).data.orderId;
  const sockets = followers.get(orderId);
  if (sockets) for (const socket of sockets) socket.send(frame);
  else early.set(orderId, [...(early.get(orderId) ?? []), frame]);
  if (frame.includes('"confirmed"')) setTimeout(() => (followers.delete(orderId), early.delete(orderId)), 5_000).unref();
});

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/health') return void res.end('{"status":"ok"}');
  if (req.method !== 'POST' || req.url !== '/api/orders/execute') return void ((res.statusCode = 404), res.end());
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    JSON.parse(body);
    const orderId = randomUUID();
    void queue.add('execute', { orderId }, { jobId: orderId, removeOnComplete: true }).then(async () => {
      await publish(orderId, 'pending', 1);
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Order received', orderId, status: 'pending', wsUrl: `ws://127.0.0.1:${port}/api/orders/ws/${orderId}` }));
    });
  });
});

const wss = new WebSocketServer({ server, path: '/api/orders/ws' });
wss.on('connection', (socket) => {
  socket.on('message', (raw) => {
    const { event, data } = JSON.parse(raw.toString()) as { event: string; data: { orderId: string } };
    if (event !== 'subscribe') return;
    const sockets = followers.get(data.orderId) ?? new Set<WebSocket>();
    sockets.add(socket);
    followers.set(data.orderId, sockets);
    for (const frame of early.get(data.orderId) ?? []) socket.send(frame);
    early.delete(data.orderId);
  });
});

server.listen(port, '127.0.0.1');
