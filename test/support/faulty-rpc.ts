import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeBase58 } from '../../src/common/base58.js';

/**
 * A fault-injecting proxy in front of a Solana network's JSON-RPC and WebSocket endpoints: what a real network
 * does and a local one does not. Mainnet's RPC providers cannot run here; this stands in for their bad days.
 */
export class FaultyRpc {
  /** The next this many `sendTransaction` calls are answered as accepted but never reach the network. */
  dropSends = 0;
  /** Signature notifications are swallowed (the subscription is acknowledged, nothing ever arrives). */
  dropNotifications = false;
  /** The next this many `getSignatureStatuses` calls answer that no signature is known (a node lagging behind). */
  hideStatuses = 0;
  /** The next this many `getSignatureStatuses` answers say every transaction they know is only processed (a lagging commitment). */
  processedStatuses = 0;
  /** Every JSON-RPC request gets its connection closed without an answer. */
  down = false;
  /** `sendTransaction` calls received, dropped or not. */
  sends = 0;
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly http: Server,
    private readonly ws: WebSocketServer,
    private target: { readonly rpcUrl: string; readonly wsUrl: string },
  ) {}

  /** Points the proxy at another network (a restarted one): the open WebSockets close, as they would. */
  retarget(target: { readonly rpcUrl: string; readonly wsUrl: string }): void {
    this.target = target;
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }

  static async start(target: { readonly rpcUrl: string; readonly wsUrl: string }): Promise<FaultyRpc> {
    const http = createServer();
    const ws = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const proxy = new FaultyRpc(http, ws, target);
    http.on('request', (request, response) => void proxy.relay(request, response));
    ws.on('connection', (client) => proxy.relaySocket(client));
    await Promise.all([new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve)), new Promise((resolve) => ws.once('listening', resolve))]);
    return proxy;
  }

  get rpcUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.ws.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.http.closeAllConnections();
    await Promise.all([new Promise((resolve) => this.http.close(resolve)), new Promise((resolve) => this.ws.close(resolve))]);
  }

  private async relay(request: IncomingMessage, response: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (this.down) return void request.socket.destroy();
    const body = Buffer.concat(chunks).toString('utf8');
    const call = JSON.parse(body) as { id: unknown; method: string; params: unknown[] };
    if (call.method === 'sendTransaction') {
      this.sends++;
      if (this.dropSends > 0) {
        this.dropSends--;
        // What a provider answers for a transaction it then loses: its signature.
        response.setHeader('content-type', 'application/json');
        return void response.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: firstSignature(call.params[0] as string) }));
      }
    }
    if (call.method === 'getSignatureStatuses' && this.hideStatuses > 0) {
      this.hideStatuses--;
      const unknown = (call.params[0] as string[]).map(() => null);
      response.setHeader('content-type', 'application/json');
      return void response.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: { context: { slot: 0 }, value: unknown } }));
    }
    const upstream = await fetch(this.target.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    response.writeHead(upstream.status, { 'content-type': 'application/json' });
    if (call.method === 'getSignatureStatuses' && this.processedStatuses > 0) {
      this.processedStatuses--;
      // Status objects carry no big integers: JSON round-trips them exactly.
      const answer = (await upstream.json()) as { result?: { value: ({ confirmationStatus: string } | null)[] } };
      for (const status of answer.result?.value ?? []) if (status) status.confirmationStatus = 'processed';
      return void response.end(JSON.stringify(answer));
    }
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }

  private relaySocket(client: WebSocket): void {
    const upstream = new WebSocket(this.target.wsUrl);
    this.sockets.add(client).add(upstream);
    const pending: string[] = [];
    upstream.on('open', () => pending.splice(0).forEach((message) => upstream.send(message)));
    client.on('message', (data) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data.toString()) : pending.push(data.toString())));
    upstream.on('message', (data) => {
      const text = data.toString();
      if (this.dropNotifications && text.includes('"signatureNotification"')) return;
      client.send(text);
    });
    const closeBoth = () => {
      client.terminate();
      upstream.terminate();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  }
}

/** A wire transaction's first signature (its id): after the compact-u16 count of signatures. */
function firstSignature(wireBase64: string): string {
  const bytes = Buffer.from(wireBase64, 'base64');
  return encodeBase58(bytes.subarray(1, 65));
}
