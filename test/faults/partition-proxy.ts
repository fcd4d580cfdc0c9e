/**
 * A userspace TCP proxy for partition trials (this kernel has no tc netem): forwards to a target, adds latency and
 * random drops of whole connections, and can partition (cut every connection, refuse new ones) and heal.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/** Proxy knobs. */
export interface ProxyOptions {
  /** Added one-way delay per chunk, ms. @default 0 */
  readonly latencyMs?: number;
  /** Probability that a new connection is dropped after it opens. @default 0 */
  readonly dropRate?: number;
}

/** A running proxy. */
export class PartitionProxy {
  private partitioned = false;
  private readonly live = new Set<Socket>();
  cut = 0;
  private constructor(private readonly server: Server) {}

  /** Listens on host:0 and forwards to targetHost:targetPort. */
  static async start(host: string, targetHost: string, targetPort: number, o: ProxyOptions = {}): Promise<PartitionProxy> {
    const ref: { p?: PartitionProxy } = {};
    const server = createServer((client) => {
      const p = ref.p as PartitionProxy;
      if (p.partitioned || Math.random() < (o.dropRate ?? 0)) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, targetHost);
      p.live.add(client);
      p.live.add(upstream);
      const pipe = (from: Socket, to: Socket): void => {
        from.on('data', (d) => {
          if (o.latencyMs) setTimeout(() => to.writable && to.write(d), o.latencyMs);
          else if (to.writable) to.write(d);
        });
        from.on('close', () => to.destroy());
        from.on('error', () => to.destroy());
      };
      pipe(client, upstream);
      pipe(upstream, client);
      client.on('close', () => p.live.delete(client));
      upstream.on('close', () => p.live.delete(upstream));
    });
    await new Promise<void>((r) => server.listen(0, host, r));
    ref.p = new PartitionProxy(server);
    return ref.p;
  }

  /** The port it listens on. */
  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  /** Cuts every connection and refuses new ones. */
  partition(): void {
    this.partitioned = true;
    for (const s of this.live) s.destroy();
    this.cut += this.live.size;
    this.live.clear();
  }

  /** Accepts connections again. */
  heal(): void {
    this.partitioned = false;
  }

  /** Stops listening and cuts everything. */
  async close(): Promise<void> {
    this.partition();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
