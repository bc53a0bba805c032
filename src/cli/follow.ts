// `npm run -s follow -- <orderId>` (-s: npm prints nothing of its own, so the output is JSON lines only): follows one order of a running engine and prints each lifecycle event as one
// JSON line, for scripts (`npx wscat` needs a terminal). Exits when the order ends: 0 when it is confirmed,
// 3 when it failed, was cancelled or expired, 2 on bad arguments, 1 when the engine cannot be reached.
import WebSocket from 'ws';
import { argValue } from './cli-args.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';

const USAGE = `Usage: npm run -s follow -- <orderId> [--url http://localhost:3000] [--api-key KEY]

Prints every lifecycle event of the order (those so far first) as one JSON line, and exits once it ends:
0 confirmed; 3 failed, cancelled or expired; 1 the engine could not be reached; 2 bad arguments.
--url (or API_URL) is the engine's base URL; --api-key (or API_KEY) is sent when the engine has API_KEYS.`;

const argv = process.argv.slice(2);
const orderId = argv.find((arg) => /^[0-9a-f-]{36}$/i.test(arg));
if (argv.includes('--help') || !orderId) {
  console.error(USAGE);
  process.exit(argv.includes('--help') ? 0 : 2);
}
const base = new URL(argValue(argv, 'url', process.env.API_URL ?? 'http://localhost:3000'));
const apiKey = argValue(argv, 'api-key', process.env.API_KEY ?? '');
const url = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/api/orders/ws/${orderId}`;

let last: OrderLifecycleEvent | undefined;
const ws = new WebSocket(url, { headers: apiKey ? { 'x-api-key': apiKey } : {} });
ws.on('message', (raw) => {
  const frame = JSON.parse(raw.toString()) as { event: string; data: OrderLifecycleEvent };
  if (frame.event === 'order.status') last = frame.data;
  process.stdout.write(`${raw.toString()}\n`);
});
ws.on('close', (code) => process.exit(last?.status === 'confirmed' ? 0 : code === 1000 ? 3 : 1));
ws.on('error', (error) => {
  console.error(`cannot follow ${orderId} at ${url}: ${error.message}`);
  process.exit(1);
});
