/// <reference lib="dom" />
// The live dashboard: plain TypeScript compiled by the project's build, talking
// only to the public API (REST + the orders WebSocket).
import type { OrderLifecycleEvent, OrderStatus, RouteView, TokenView, VenueQuoteView } from '../../contracts/order-lifecycle.js';
import type {
  ChainResponse,
  ErrorResponse,
  OrderAcceptedResponse,
  OrderDetailResponse,
  OrderListResponse,
  OrderView,
  PriceHistoryResponse,
  QuoteResponse,
  StatsResponse,
} from '../../contracts/rest.js';

type PricePoint = PriceHistoryResponse['points'][number];

/** The network orders settle on (null until read): a signature links to an explorer there. */
let chain: ChainResponse | null = null;

/** Where a browser can look a transaction up: Solana Explorer, pointed at the network's RPC URL (a local one too). */
function explorerUrl(signature: string): string | null {
  if (!chain || chain.mode !== 'solana' || !chain.rpcUrl) return null;
  const cluster = ['mainnet-beta', 'devnet', 'testnet'].includes(chain.cluster)
    ? `cluster=${chain.cluster}`
    : `cluster=custom&customUrl=${encodeURIComponent(chain.rpcUrl)}`;
  return `https://explorer.solana.com/tx/${signature}?${cluster}`;
}

interface TokenEntry extends TokenView {
  readonly name: string;
}

interface Row {
  orderId: string;
  createdAt: string;
  pair: string;
  amount: string;
  venue: string;
  status: OrderStatus;
  /** A resting order's terms (its limit, or a sniper's cap), and its last `waiting` event's best price and gap. */
  terms?: string;
  bestPrice?: number | null;
  gapBps?: number | null;
}

const $ = <T extends Element = HTMLElement>(selector: string): T => document.querySelector(selector) as T;
const rows = new Map<string, Row>();
const tokens = new Map<string, TokenEntry>();
let selectedOrderId: string | undefined;

function ui(base: string, decimals: number | null, digits = 6): string {
  if (decimals === null) return `${base} base units`;
  const padded = base.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded
    .slice(padded.length - decimals)
    .replace(/0+$/, '')
    .slice(0, digits);
  return `${Number(whole).toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}

/** The API key the user gave (kept in this browser), sent with every call; none when the engine runs open. */
const KEY_STORAGE = 'oee-api-key';
const apiKey = localStorage.getItem(KEY_STORAGE) ?? '';

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(apiKey ? { 'x-api-key': apiKey } : {}) } });
  if (response.status === 401) askForKey(apiKey ? 'That key was refused.' : '');
  const body = (await response.json()) as T | ErrorResponse;
  if (!response.ok) {
    const error = body as ErrorResponse;
    throw new Error(error.errors?.map((e) => e.message).join('; ') ?? error.message);
  }
  return body as T;
}

// ---- order form and live quote ----

function formValues() {
  return {
    type: $<HTMLSelectElement>('#order-type').value,
    limitPrice: $<HTMLInputElement>('#limit-price').value.trim(),
    sniperPrice: $<HTMLInputElement>('#sniper-price').value.trim(),
    snipeMint: $<HTMLInputElement>('#snipe-mint').value.trim(),
    expiresAt: $<HTMLInputElement>('#expires-at').value,
    inputToken: $<HTMLSelectElement>('#input-token').value,
    outputToken: $<HTMLSelectElement>('#output-token').value,
    amount: $<HTMLInputElement>('#amount').value.trim(),
    side: $<HTMLSelectElement>('#side').value,
    slippageBps: Number($<HTMLInputElement>('#slippage').value || '50'),
  };
}

let quoteSeq = 0;
async function refreshQuote(): Promise<void> {
  const { type, snipeMint, inputToken, outputToken, amount, slippageBps } = formValues();
  const box = $('#quote');
  if (type === 'sniper' && snipeMint) {
    box.textContent = 'No pool lists this mint yet: the order rests until one launches, then buys at once.';
    return;
  }
  if (!amount || inputToken === outputToken) {
    box.textContent = inputToken === outputToken ? 'Choose two different tokens.' : 'Enter an amount to see a live quote.';
    return;
  }
  const seq = ++quoteSeq;
  try {
    const params = new URLSearchParams({ inputToken, outputToken, amount, slippageBps: String(slippageBps) });
    const quote = await api<QuoteResponse>(`/api/quote?${params}`);
    if (seq === quoteSeq) renderQuote(quote);
  } catch (error) {
    if (seq === quoteSeq) box.textContent = `No quote: ${(error as Error).message}`;
  }
}

function renderQuote(quote: QuoteResponse): void {
  const out = quote.outputToken;
  const venues = quote.quotes
    .map((q) =>
      q.ok
        ? `${q.venue}: ${ui(q.amountOut, out.decimals)} ${out.symbol} (impact ${q.priceImpactBps} bps, fee ${q.feeBps} bps)`
        : `${q.venue}: ${q.error.message}`,
    )
    .join('<br>');
  const route = quote.route;
  $('#quote').innerHTML =
    `${venues}<br><span class="best" data-testid="quote-route">Route: ${routePaths(route)} → ${ui(route.amountOut, out.decimals)} ${out.symbol}` +
    `</span><br><span data-testid="quote-gain">${routeGain(route)}</span>` +
    `<br>min received ${ui(quote.minAmountOut, out.decimals)} ${out.symbol}`;
}

/** Each path of a route with its share: "60.00% raydium:SOL-USDC + 40.00% raydium:JUP-SOL › meteora:SOL-USDC". */
function routePaths(route: RouteView): string {
  const paths = new Map<number, RouteView['legs'][number][]>();
  for (const leg of route.legs) paths.set(leg.path, [...(paths.get(leg.path) ?? []), leg]);
  return [...paths.values()].map((legs) => `${(legs[0].shareBps / 100).toFixed(2)}% ${legs.map((leg) => leg.pool).join(' › ')}`).join(' + ');
}

/** What the route gains over the best single pool. */
function routeGain(route: RouteView): string {
  if (route.gainBps === null) return route.bestSinglePool ? 'the best single pool: nothing beats it net of fees' : '';
  return `+${route.gainBps} bps over ${route.bestSinglePool!.pool} alone, net of fees`;
}

async function submitOrder(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const button = $<HTMLButtonElement>('#submit');
  const errorBox = $('#form-error');
  errorBox.textContent = '';
  button.disabled = true;
  try {
    const { type, limitPrice, sniperPrice, snipeMint, expiresAt, inputToken, amount, side, slippageBps } = formValues();
    const outputToken = type === 'sniper' && snipeMint ? snipeMint : formValues().outputToken;
    const expiry = expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {};
    const terms =
      type === 'limit'
        ? { limitPrice, ...expiry }
        : type === 'sniper'
          ? { slippageBps, ...(sniperPrice ? { limitPrice: sniperPrice } : {}), ...expiry }
          : { slippageBps };
    const accepted = await api<OrderAcceptedResponse>('/api/orders/execute', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, side, inputToken, outputToken, amount, ...terms }),
    });
    upsertRow({
      orderId: accepted.orderId,
      createdAt: new Date().toISOString(),
      pair: `${inputToken}→${outputToken}`,
      amount: `${amount} ${inputToken}`,
      venue: '–',
      status: 'pending',
    });
    void selectOrder(accepted.orderId);
  } catch (error) {
    errorBox.textContent = (error as Error).message;
  } finally {
    button.disabled = false;
  }
}

// ---- orders table ----

function rowFromView(order: OrderView): Row {
  return {
    orderId: order.orderId,
    createdAt: order.createdAt,
    pair: `${order.inputToken.symbol}→${order.outputToken.symbol}`,
    amount: `${ui(order.amountIn, order.inputToken.decimals)} ${order.inputToken.symbol}`,
    venue: order.venue ?? '–',
    status: order.status,
    terms: termsText(order),
  };
}

/** A limit order's limit, a sniper's cap (or that it buys at any price once launched). */
const termsText = ({ limitPrice, maxPrice }: { limitPrice?: string | null; maxPrice?: string | null }): string =>
  limitPrice ? limitPrice : maxPrice ? `max ${maxPrice} per token` : 'at launch';

function upsertRow(row: Row): void {
  const existing = rows.get(row.orderId);
  rows.set(row.orderId, existing ? { ...existing, ...row, createdAt: existing.createdAt } : row);
  renderRows();
}

function renderRows(): void {
  renderResting();
  const body = $('#orders tbody');
  const sorted = [...rows.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 50);
  body.replaceChildren(
    ...sorted.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.orderId = row.orderId;
      tr.className = row.orderId === selectedOrderId ? 'selected' : '';
      for (const text of [new Date(row.createdAt).toLocaleTimeString(), row.pair, row.amount, row.venue]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      const status = document.createElement('td');
      status.innerHTML = `<span class="chip" data-status="${row.status}">${row.status}</span>`;
      tr.append(status);
      tr.addEventListener('click', () => void selectOrder(row.orderId));
      return tr;
    }),
  );
}

/** Resting orders: each with its gap to the market and a cancel button. */
function renderResting(): void {
  const resting = [...rows.values()].filter((row) => row.status === 'waiting');
  $('#resting-empty').hidden = resting.length > 0;
  $('#resting tbody').replaceChildren(
    ...resting.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.orderId = row.orderId;
      for (const text of [row.pair, row.amount, row.terms ?? '–', row.bestPrice?.toPrecision(8) ?? '–', row.gapBps == null ? '–' : `${row.gapBps} bps`]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'cancel';
      cancel.textContent = 'Cancel';
      cancel.addEventListener('click', () => void cancelOrder(row.orderId, cancel));
      const td = document.createElement('td');
      td.append(cancel);
      tr.append(td);
      return tr;
    }),
  );
}

async function cancelOrder(orderId: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const order = await api<OrderDetailResponse>(`/api/orders/${orderId}`, { method: 'DELETE' });
    upsertRow(rowFromView(order));
  } catch (error) {
    $('#form-error').textContent = `Cancel failed: ${(error as Error).message}`;
    button.disabled = false;
  }
}

function applyEvent(event: OrderLifecycleEvent): void {
  const row = rows.get(event.orderId);
  if (event.status === 'pending') {
    upsertRow({
      orderId: event.orderId,
      createdAt: event.at,
      pair: `${event.inputToken.symbol}→${event.outputToken.symbol}`,
      amount: `${ui(event.amountIn, event.inputToken.decimals)} ${event.inputToken.symbol}`,
      venue: '–',
      status: 'pending',
      terms: termsText(event),
    });
  } else if (row) {
    const venue = 'route' in event ? event.route.venue : 'venue' in event ? event.venue : row.venue;
    const market = event.status === 'waiting' ? { terms: termsText(event), bestPrice: event.bestPrice, gapBps: event.gapBps } : {};
    upsertRow({ ...row, status: event.status, venue, ...market });
  } else {
    void api<OrderDetailResponse>(`/api/orders/${event.orderId}`).then((order) => upsertRow(rowFromView(order)));
  }
  if (event.orderId === selectedOrderId) void selectOrder(event.orderId);
}

// ---- order detail ----

async function selectOrder(orderId: string): Promise<void> {
  selectedOrderId = orderId;
  renderRows();
  const order = await api<OrderDetailResponse>(`/api/orders/${orderId}`);
  if (selectedOrderId !== orderId) return;
  $('#detail-panel').hidden = false;
  $('#detail-id').textContent = order.orderId;
  const out = order.outputToken;
  const summary: [string, string][] = [
    ['Status', order.status],
    ['Pair', `${order.inputToken.symbol} → ${out.symbol}`],
    ['Amount in', `${ui(order.amountIn, order.inputToken.decimals)} ${order.inputToken.symbol}`],
    ['Route', order.route ? routePaths(order.route) : '–'],
    ['Why', order.route ? order.route.reason : '–'],
    ['Min out', order.minAmountOut ? `${ui(order.minAmountOut, out.decimals)} ${out.symbol}` : '–'],
    ['Amount out', order.amountOut ? `${ui(order.amountOut, out.decimals)} ${out.symbol}` : '–'],
    ['Executed price', order.executedPrice?.toPrecision(8) ?? '–'],
    ['Tx hash', order.txHash ?? '–'],
    ['Failure', order.failure ? `${order.failure.code}: ${order.failure.message}` : '–'],
    ['Attempts', String(order.attempts)],
  ];
  $('#detail-summary').replaceChildren(
    ...summary.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      const link = term === 'Tx hash' && order.txHash ? explorerUrl(order.txHash) : null;
      if (link) {
        const anchor = document.createElement('a');
        [anchor.href, anchor.target, anchor.rel, anchor.textContent] = [link, '_blank', 'noopener', value];
        dd.append(anchor);
      } else dd.textContent = value;
      dd.dataset.field = term.toLowerCase().replace(/ /g, '-');
      return [dt, dd];
    }),
  );
  renderQuotes(order.quotes ?? [], out);
  $('#timeline').replaceChildren(
    ...order.events.map((event) => {
      const li = document.createElement('li');
      li.innerHTML = `<span class="chip" data-status="${event.status}">${event.status}</span> ${new Date(event.at).toLocaleTimeString()} · attempt ${event.attempt} ${describe(event, out)}`;
      return li;
    }),
  );
}

function renderQuotes(quotes: readonly VenueQuoteView[], out: TokenView): void {
  $('#detail-quotes tbody').replaceChildren(
    ...quotes.map((q) => {
      const tr = document.createElement('tr');
      tr.innerHTML = q.ok
        ? `<td>${q.venue}</td><td>${ui(q.amountOut, out.decimals)} ${out.symbol}</td><td>${q.priceImpactBps} bps</td><td>${q.feeBps} bps</td>`
        : `<td>${q.venue}</td><td colspan="3">${q.error.message}</td>`;
      return tr;
    }),
  );
}

function describe(event: OrderLifecycleEvent, out: TokenView): string {
  switch (event.status) {
    case 'routing':
      return `· ${event.route.reason}`;
    case 'building':
      return `· ${event.steps.join(' + ')}, min ${ui(event.minAmountOut, out.decimals)} ${out.symbol}`;
    case 'submitted':
      return `· tx ${event.txHash.slice(0, 16)}…${event.network ? ` · ${event.network.computeUnitLimit} CU at ${event.network.priorityFeeMicroLamports} µlamports, valid to block ${event.network.lastValidBlockHeight}` : ''}`;
    case 'retrying':
      return `· ${event.error.code}: ${event.error.message}`;
    case 'confirmed':
      return `· ${ui(event.amountOut, out.decimals)} ${out.symbol} on ${event.venue}${event.network ? ` · slot ${event.network.slot ?? '?'}, fee ${event.network.feeLamports} lamports, sent ${event.network.sends}×` : ''}`;
    case 'failed':
      return `· ${event.error.code}: ${event.error.message}`;
    case 'waiting':
      return `· ${event.reason}${event.gapBps === null ? '' : ` (best ${event.bestPrice}, ${event.gapBps} bps short of ${event.limitPrice})`}`;
    case 'cancelled':
      return `· ${event.reason}`;
    case 'expired':
      return `· expired at ${new Date(event.expiresAt).toLocaleTimeString()}`;
    default:
      return '';
  }
}

// ---- live stream, stats and chart ----

/** Auth is on and no (valid) key is known: ask for one; the page starts again with it. */
function askForKey(problem: string): void {
  const form = $<HTMLFormElement>('#auth');
  $('#auth-error').textContent = problem;
  if (!form.hidden) return;
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem(KEY_STORAGE, $<HTMLInputElement>('#api-key').value.trim());
    location.reload();
  });
}

/** A browser cannot put the key on a WebSocket: with a key, the socket opens with a single-use ticket. */
async function socketUrl(): Promise<string> {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/orders/ws`;
  if (!apiKey) return base;
  const { ticket } = await api<{ ticket: string }>('/api/auth/ws-ticket', { method: 'POST' });
  return `${base}?ticket=${encodeURIComponent(ticket)}`;
}

function connect(): void {
  void socketUrl().then(open, () => setTimeout(connect, 1_000));
}

function open(url: string): void {
  const state = $('#connection');
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    state.dataset.state = 'open';
    state.textContent = 'live';
    socket.send(JSON.stringify({ event: 'subscribe', data: { orderId: '*' } }));
  });
  socket.addEventListener('message', (message) => {
    const frame = JSON.parse(String(message.data)) as { event: string; data: OrderLifecycleEvent };
    if (frame.event === 'order.status') applyEvent(frame.data);
  });
  socket.addEventListener('close', () => {
    state.dataset.state = 'closed';
    state.textContent = 'reconnecting…';
    setTimeout(connect, 1_000);
  });
}

/** The rate limit in a few words: how much of the window is spent, and when held jobs start. */
function limiterText(limiter: StatsResponse['limiter']): string {
  if (!limiter) return 'rate limit: –';
  const spent = `${limiter.startedInWindow}/${limiter.maxJobs} started this window`;
  return limiter.holding ? `rate limit reached: ${limiter.jobsWaiting} jobs held, next start in ${Math.ceil(limiter.windowLeftMs / 1000)} s` : spent;
}

async function refreshStats(): Promise<void> {
  try {
    const stats = await api<StatsResponse>('/api/stats');
    // No queue figures while Redis does not answer: a dash, not a zero that would look like an idle queue.
    const jobs = (count: number | undefined) => (stats.queue ? String(count ?? 0) : '–');
    $('#stat-jobs-queued').textContent = jobs((stats.queue?.waiting ?? 0) + (stats.queue?.prioritized ?? 0));
    $('#stat-jobs-running').textContent = jobs(stats.queue?.active);
    $('#stat-jobs-delayed').textContent = jobs(stats.queue?.delayed);
    $('#stat-orders-resting').textContent = String(stats.orders.waiting ?? 0);
    $('#stat-throughput').textContent = String(stats.lastMinute.confirmed);
    $('#stat-limiter').textContent = limiterText(stats.limiter);
    $('#stat-limiter').dataset.holding = String(stats.limiter?.holding ?? false);
  } catch {
    // The connection chip already shows when the engine is unreachable.
  }
}

async function refreshChart(): Promise<void> {
  const history = await api<PriceHistoryResponse>('/api/prices?pair=SOL-USDC').catch(() => undefined);
  const svg = $<SVGSVGElement>('#chart');
  if (history?.intervalMs === 0) {
    svg.innerHTML = `<text x="200" y="84" text-anchor="middle" fill="#8a93a6" font-size="12">price sampling is off (PRICE_SAMPLE_MS=0)</text>`;
    return;
  }
  if (!history || history.points.length < 2) return;
  const pools = chartedPools(history.points);
  const values = history.points.flatMap((p) => [...Object.values(poolPrices(p)), ...(p.fair === undefined ? [] : [p.fair])]);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const [t0, t1] = [Date.parse(history.points[0].at), Date.parse(history.points[history.points.length - 1].at)];
  const x = (at: string) => ((Date.parse(at) - t0) / Math.max(1, t1 - t0)) * 380 + 10;
  const y = (price: number) => 150 - ((price - min) / Math.max(1e-9, max - min)) * 140;
  const line = (priceOf: (point: PricePoint) => number | undefined, color: string, dash = '', id = '') => {
    const points = history.points.flatMap((p) => {
      const price = priceOf(p);
      return price === undefined ? [] : [`${x(p.at).toFixed(1)},${y(price).toFixed(1)}`];
    });
    const attributes = `${dash ? ` stroke-dasharray="${dash}"` : ''}${id ? ` data-pool="${id}"` : ''}`;
    return `<polyline fill="none" stroke="${color}" stroke-width="1.5"${attributes} points="${points.join(' ')}"/>`;
  };
  const last = history.points[history.points.length - 1];
  svg.innerHTML =
    line((p) => p.fair, '#8a93a6', '4 3') +
    pools.map((pool) => line((p) => poolPrices(p)[pool.id], pool.color, pool.dash, pool.id)).join('') +
    `<text x="10" y="12" fill="#8a93a6" font-size="10">${max.toFixed(2)}</text><text x="10" y="158" fill="#8a93a6" font-size="10">${min.toFixed(2)}</text>` +
    `<text x="390" y="12" text-anchor="end" fill="#8a93a6" font-size="10">${gapText(last)}</text>`;
  $('#chart-legend').innerHTML = pools.map((pool) => legendEntry(pool, last)).join(' ') + ' <span class="fair">fair price (grey, dashed)</span>';
}

interface ChartedPool {
  readonly id: string;
  readonly color: string;
  /** Pools of one venue share its colour: its first pool is solid, the others dotted or dashed. */
  readonly dash: string;
}

const POOL_DASHES = ['', '1 2', '6 2', '2 4'];

/** Every pool the history has a price of, in the order they first appear, with how each is drawn. */
function chartedPools(points: readonly PricePoint[]): ChartedPool[] {
  const ids = [...new Set(points.flatMap((p) => Object.keys(poolPrices(p))))];
  const perVenue = new Map<string, number>();
  return ids.map((id) => {
    const venue = id.split(':')[0];
    const index = perVenue.get(venue) ?? 0;
    perVenue.set(venue, index + 1);
    return { id, color: `var(--${venue})`, dash: POOL_DASHES[index % POOL_DASHES.length] };
  });
}

/** A point's price per pool (samples taken before pools were sampled have each venue's best only). */
const poolPrices = (point: PricePoint): Readonly<Record<string, number>> => point.pools ?? point.prices;

/** A pool's line sample, its id, and how far it quotes from fair value now, in bps (its fee included). */
function legendEntry(pool: ChartedPool, point: PricePoint): string {
  const price = poolPrices(point)[pool.id];
  const gap = price === undefined || point.fair === undefined ? '' : ` ${Math.round((price / point.fair - 1) * 10_000)} bps`;
  const sample = `<svg width="18" height="6"><line x1="0" y1="3" x2="18" y2="3" stroke="${pool.color}" stroke-width="2" stroke-dasharray="${pool.dash}"/></svg>`;
  return `<span class="pool" data-pool="${pool.id}">${sample} ${pool.id}${gap}</span>`;
}

/** How far each venue's best pool quotes from fair value now, in bps (their fees included). */
function gapText(point: PricePoint): string {
  if (point.fair === undefined) return '';
  const gaps = (['raydium', 'meteora'] as const).flatMap((venue) => {
    const price = point.prices[venue];
    return price === undefined ? [] : [`${venue} ${Math.round((price / point.fair! - 1) * 10_000)} bps`];
  });
  return `vs fair, fees in: ${gaps.join(' · ')}`;
}

/** The token lists, launched tokens included (kept as selected). */
async function refreshTokens(): Promise<void> {
  const { tokens: list } = await api<{ tokens: TokenEntry[] }>('/api/tokens');
  if (list.length === tokens.size) return;
  for (const token of list) tokens.set(token.symbol, token);
  for (const [id, initial] of [
    ['#input-token', 'SOL'],
    ['#output-token', 'USDC'],
  ] as const) {
    const select = $<HTMLSelectElement>(id);
    const chosen = select.value || initial;
    select.replaceChildren(...list.map((t) => new Option(t.symbol, t.symbol, false, t.symbol === chosen)));
  }
}

/** Each order type's own fields: slippage for market and sniper orders, limit price for limit orders, mint and cap for snipers. */
function showTypeFields(): void {
  const type = $<HTMLSelectElement>('#order-type').value;
  document.querySelectorAll<HTMLElement>('[data-for-type]').forEach((field) => (field.hidden = !field.dataset.forType!.split(' ').includes(type)));
  $<HTMLInputElement>('#limit-price').required = type === 'limit';
  $('#submit').textContent = type === 'limit' ? 'Place limit order' : type === 'sniper' ? 'Place sniper order' : 'Swap';
}

async function start(): Promise<void> {
  chain = await api<ChainResponse>('/api/chain').catch(() => null);
  await refreshTokens();
  const { orders } = await api<OrderListResponse>('/api/orders?limit=30');
  orders.forEach((order) => rows.set(order.orderId, rowFromView(order)));
  renderRows();
  connect();
  $('#order-form').addEventListener('submit', (event) => void submitOrder(event as SubmitEvent));
  $('#order-type').addEventListener('change', showTypeFields);
  showTypeFields();
  let debounce: number | undefined;
  $('#order-form').addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = window.setTimeout(() => void refreshQuote(), 250);
  });
  void refreshQuote();
  void refreshStats();
  void refreshChart();
  setInterval(() => void refreshQuote(), 3_000);
  setInterval(() => void refreshStats(), 2_000);
  setInterval(() => void refreshTokens(), 10_000);
  setInterval(() => void refreshChart(), 5_000);
  document.body.dataset.ready = 'true';
}

void start();
