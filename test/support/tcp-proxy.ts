import { connect, createServer, type Server, type Socket } from 'node:net';

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  /** The client has sent the marker. */
  marked: boolean;
  held: Buffer[];
}

/**
 * A TCP proxy in front of a server, for faults a test must place exactly.
 * Connections whose client sends `marker` (say, a Redis `subscribe`) are
 * marked; `cut()` drops the marked connections and, until `release()`, holds
 * back whatever a client sends from the moment it sends the marker. Other
 * connections pass untouched.
 */
export class TcpProxy {
  private readonly links = new Set<Link>();
  private holding = false;

  private constructor(
    private readonly server: Server,
    private readonly marker: string,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }, marker: string): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, marker.toLowerCase(), (server.address() as { port: number }).port);
    server.on('connection', (client: Socket) => proxy.accept(client, target));
    return proxy;
  }

  cut(): void {
    this.holding = true;
    for (const link of this.links) {
      if (!link.marked) continue;
      link.client.destroy();
      link.upstream.destroy();
    }
  }

  release(): void {
    this.holding = false;
    for (const link of this.links) {
      link.held.forEach((chunk) => link.upstream.write(chunk));
      link.held = [];
    }
  }

  async close(): Promise<void> {
    for (const link of this.links) link.client.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target.port, target.host);
    const link: Link = { client, upstream, marked: false, held: [] };
    this.links.add(link);
    client.on('data', (chunk: Buffer) => {
      if (chunk.toString('latin1').toLowerCase().includes(this.marker)) link.marked = true;
      if (this.holding && link.marked) link.held.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.links.delete(link);
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  }
}
