// `npm run demo`: submits 5 orders at once to a running engine and prints each
// lifecycle event and routing decision as it streams over WebSocket.
// Usage: npm run demo [-- --url http://localhost:3000 --count 5 --type market|limit|sniper --api-key KEY]
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { encodeBase58 } from '../common/base58.js';
import { argValue, parseCount } from './cli-args.js';
import type { OrderLifecycleEvent, RouteView, TokenView } from '../contracts/order-lifecycle.js';
import type { OrderAcceptedResponse } from '../contracts/rest.js';

const USAGE = `Usage: npm run demo [-- --url http://localhost:3000 --count 5 --type market|limit|sniper --api-key KEY]

Submits --count orders at once (5 by default) to a running engine and prints each lifecycle event as it
streams over WebSocket. --url (or API_URL) is the engine's base URL; a URL without a scheme gets http://.
--api-key (or API_KEY) is sent with every request when the engine has API_KEYS.

--type market (default): market orders cycling through five pairs.
--type limit: SOL→USDC limit sells a little above the market; they rest in "waiting" until the demo
  moves the market with another trader's swap (POST /api/simulation/swaps), then fill at their limit.
--type sniper: sniper buys of a token that does not exist yet; they rest in "waiting" until the demo
  launches it (POST /api/simulation/launches), then buy in the pass that sees the launch.`;

const DEMO_TYPES = ['market', 'limit', 'sniper'] as const;

function parseArgs(argv: string[]): { baseUrl: string; count: number; type: (typeof DEMO_TYPES)[number]; apiKey: string } {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    const type = argValue(argv, 'type', 'market');
    if (!DEMO_TYPES.includes(type as never)) throw new Error(`--type must be one of: ${DEMO_TYPES.join(', ')} (got "${type}")`);
    return {
      baseUrl: normaliseUrl(argValue(argv, 'url', process.env.API_URL ?? 'http://localhost:3000')),
      count: parseCount(argv, 'count', '5'),
      type: type as (typeof DEMO_TYPES)[number],
      apiKey: argValue(argv, 'api-key', process.env.API_KEY ?? ''),
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** `localhost:3300` → `http://localhost:3300`; anything but http(s) is refused. */
function normaliseUrl(text: string): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--url must be an http:// or https:// URL (got "${text}")`);
  return url.origin;
}

const { baseUrl, count, type, apiKey } = parseArgs(process.argv.slice(2));
/** The key header for every request (REST and the WebSocket upgrade), when one is given. */
const keyHeader: Record<string, string> = apiKey ? { 'x-api-key': apiKey } : {};

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const [dim, bold, green, red, yellow, cyan, magenta] = [2, 1, 32, 31, 33, 36, 35].map(paint);
const STATUS_COLOR: Record<string, (text: string) => string> = {
  pending: dim,
  routing: cyan,
  building: magenta,
  submitted: yellow,
  retrying: yellow,
  waiting: yellow,
  confirmed: green,
  failed: red,
  cancelled: red,
  expired: red,
};

// A small order, a buy, one large enough to divide among pools, one whose pair no pool trades (RAY→BONK goes through
// SOL or USDC), and one on a pair with a single shallow pool (JUP→USDT: through SOL or USDC as well, when that pays).
const ORDERS = [
  { type: 'market', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: '1.5' },
  { type: 'market', side: 'buy', inputToken: 'USDC', outputToken: 'SOL', amount: '250' },
  { type: 'market', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: '60' },
  { type: 'market', side: 'sell', inputToken: 'RAY', outputToken: 'BONK', amount: '3000' },
  { type: 'market', side: 'sell', inputToken: 'JUP', outputToken: 'USDT', amount: '9000' },
  { type: 'market', side: 'sell', inputToken: 'BONK', outputToken: 'SOL', amount: '25000000' },
];

const ui = (base: string, decimals: number | null): string => {
  if (decimals === null) return `${base} base units`;
  const digits = BigInt(base)
    .toString()
    .padStart(decimals + 1, '0');
  const fraction = digits
    .slice(digits.length - decimals)
    .replace(/0+$/, '')
    .slice(0, 6);
  return `${digits.slice(0, digits.length - decimals)}${fraction ? `.${fraction}` : ''}`;
};

function describe(event: OrderLifecycleEvent, out: TokenView): string {
  switch (event.status) {
    case 'pending':
      return `${ui(event.amountIn, event.inputToken.decimals)} ${event.inputToken.symbol} → ${out.symbol}, ${event.limitPrice ? `limit ${event.limitPrice}` : `slippage ${event.slippageBps} bps`}`;
    case 'routing': {
      const quotes = event.quotes
        .map((q) =>
          q.ok
            ? `${q.venue} ${ui(q.amountOut, out.decimals)} ${out.symbol} (impact ${q.priceImpactBps} bps, fee ${q.feeBps} bps, ${q.latencyMs} ms)`
            : `${q.venue} ✗ ${q.error.message}`,
        )
        .join(' | ');
      return `${quotes} ⇒ ${bold(routePaths(event.route))}: ${event.route.reason}`;
    }
    case 'building':
      return `${event.venue}: ${event.steps.join(' + ')}, min out ${ui(event.minAmountOut, out.decimals)} ${out.symbol}`;
    case 'submitted':
      return `tx ${event.txHash.slice(0, 20)}…`;
    case 'waiting':
      return `${event.reason}${event.bestPrice === null ? '' : `; best ${event.bestPrice}, ${event.gapBps} bps away`}`;
    case 'cancelled':
      return event.reason;
    case 'expired':
      return `expired at ${event.expiresAt}`;
    case 'retrying':
      return `attempt ${event.attempt} failed (${event.error.code}: ${event.error.message}); next at ${event.nextAttemptAt.slice(11, 23)}`;
    case 'confirmed':
      return `${ui(event.amountOut, out.decimals)} ${out.symbol} at ${event.executedPrice.toPrecision(6)} on ${event.venue}, tx ${event.txHash.slice(0, 20)}…`;
    case 'failed':
      return `${event.error.code}: ${event.error.message} after ${event.attempts} attempt(s)`;
  }
}

/** Each path of a route with its share: "60% raydium:SOL-USDC + 40% raydium:JUP-SOL › meteora:SOL-USDC". */
function routePaths(route: RouteView): string {
  const paths = new Map<number, RouteView['legs'][number][]>();
  for (const leg of route.legs) paths.set(leg.path, [...(paths.get(leg.path) ?? []), leg]);
  return [...paths.values()].map((legs) => `${legs[0].shareBps / 100}% ${legs.map((leg) => leg.pool).join(' › ')}`).join(' + ');
}

type OrderBody = Record<string, string | number> & { readonly outputToken: string };

/** Tokens the demo launched: a sniper order's events name its output before the launch, without decimals. */
const launched = new Map<string, TokenView>();

async function follow(body: OrderBody, index: number, onEvent: (event: OrderLifecycleEvent) => void = () => undefined): Promise<string> {
  const response = await fetch(`${baseUrl}/api/orders/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...keyHeader },
    body: JSON.stringify(body),
  });
  const accepted = (await response.json()) as OrderAcceptedResponse;
  if (response.status !== 202) throw new Error(`order ${index + 1} refused (${response.status}): ${JSON.stringify(accepted)}`);
  const label = `#${index + 1} ${accepted.orderId.slice(0, 8)}`;
  let pending: Extract<OrderLifecycleEvent, { status: 'pending' }> | undefined;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(accepted.wsUrl, { headers: keyHeader });
    const timer = setTimeout(() => (ws.terminate(), reject(new Error(`${label}: no terminal status within 120 s`))), 120_000);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { event: string; data: OrderLifecycleEvent };
      if (frame.event !== 'order.status') return;
      const event = frame.data;
      if (event.status === 'pending') pending = event;
      const paintStatus = STATUS_COLOR[event.status] ?? ((s) => s);
      const stated = pending?.outputToken ?? { symbol: body.outputToken, mint: body.outputToken, decimals: null };
      const output = launched.get(stated.mint) ?? stated;
      console.log(`${dim(event.at.slice(11, 23))} ${bold(label)} ${paintStatus(event.status.padEnd(9))} ${describe(event, output)}`);
      onEvent(event);
    });
    ws.on('close', () => {
      clearTimeout(timer);
      resolve(label);
    });
    ws.on('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

async function postJson(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...keyHeader },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Limit sells 10, 20, 30… bps above the market; once all rest, another trader's SOL buys lift the price until they fill. */
async function limitDemo(): Promise<void> {
  const quote = await (await fetch(`${baseUrl}/api/quote?inputToken=SOL&outputToken=USDC&amount=1`, { headers: keyHeader })).json();
  const venue = quote.route.legs[0].venue as string;
  console.log(`SOL→USDC is ${quote.route.price} on ${quote.route.venue} now; placing ${count} limit sells 10–${count * 10} bps above it\n`);
  const resting = new Set<number>();
  let allResting: () => void = () => undefined;
  const rested = new Promise<void>((resolve) => (allResting = resolve));
  const orders = Array.from({ length: count }, (_, i) => {
    const body = {
      type: 'limit',
      side: 'sell',
      inputToken: 'SOL',
      outputToken: 'USDC',
      amount: '1',
      limitPrice: (quote.route.price * (1 + (i + 1) / 1000)).toFixed(4),
    };
    return follow(body, i, (event) => {
      if (event.status === 'waiting') resting.add(i);
      else resting.delete(i);
      if (resting.size === count) allResting();
    });
  });
  await rested;
  for (let swaps = 0; swaps < 10 && resting.size > 0; swaps++) {
    const moved = await postJson('/api/simulation/swaps', { venue, inputToken: 'USDC', outputToken: 'SOL', amount: '100000' });
    if (moved.status === 404) throw new Error('the engine does not serve /api/simulation/swaps (NODE_ENV=production without SIM_CONTROL=on)');
    console.log(`\n${bold('market moves')}: another trader buys ${ui(moved.body.amountOut, 9)} SOL for 100,000 USDC on ${venue}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  await Promise.all(orders);
}

/** Sniper buys of a token nobody lists yet; once all rest, the demo launches it and they buy at once. */
async function sniperDemo(): Promise<void> {
  const mint = encodeBase58(randomBytes(32));
  const symbol = `DEMO${randomBytes(2).toString('hex').toUpperCase()}`;
  console.log(`placing ${count} sniper buys of ${symbol} (${mint}), a token that has not launched\n`);
  const resting = new Set<number>();
  let allResting: () => void = () => undefined;
  const rested = new Promise<void>((resolve) => (allResting = resolve));
  let lastConfirmedAt = 0;
  const orders = Array.from({ length: count }, (_, i) => {
    const body = { type: 'sniper', side: 'buy', inputToken: 'SOL', outputToken: mint, amount: (0.1 * (i + 1)).toFixed(1), slippageBps: 1000 };
    return follow(body, i, (event) => {
      if (event.status === 'waiting') resting.add(i);
      if (event.status === 'confirmed') lastConfirmedAt = Date.now();
      if (resting.size === count) allResting();
    });
  });
  await rested;
  const launch = { symbol, mint, decimals: 6, venue: 'raydium', quoteToken: 'SOL', priceUsd: 0.0005, liquidityUsd: 250_000 };
  const launchedAt = Date.now();
  const response = await postJson('/api/simulation/launches', launch);
  if (response.status === 404) throw new Error('the engine does not serve /api/simulation/launches (NODE_ENV=production without SIM_CONTROL=on)');
  if (response.status !== 201) throw new Error(`the launch was refused (${response.status}): ${JSON.stringify(response.body)}`);
  launched.set(mint, response.body.token);
  console.log(`\n${bold('launch')}: ${symbol} opens on raydium against SOL at $0.0005 with $250,000 of liquidity\n`);
  await Promise.all(orders);
  if (lastConfirmedAt > 0) console.log(`\nlaunch → last sniper order confirmed: ${lastConfirmedAt - launchedAt} ms`);
}

console.log(`${bold('order execution engine demo')}: ${count} ${type} orders at once against ${baseUrl}\n`);
const started = Date.now();
try {
  if (type === 'limit') await limitDemo();
  else if (type === 'sniper') await sniperDemo();
  else await Promise.all(Array.from({ length: count }, (_, i) => follow(ORDERS[i % ORDERS.length], i)));
  console.log(`\nall ${count} orders reached a terminal status in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  const message = (error as Error).message;
  console.error(red(`demo failed: ${message}`));
  if (message.includes('fetch failed')) console.error(`is the engine running? start it with: npm start`);
  process.exit(1);
}
