import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { stopChild } from './child-process.js';
import { LocalServiceError } from './local-service.error.js';
import { portListener } from './port-listener.js';

interface RunningSolana {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  /** The network's process, when this process started it. */
  readonly pid?: number;
  /** Stops the network if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

const PROCESS = fileURLToPath(new URL('./solana-network.process.js', import.meta.url));
const READY_WITHIN_MS = 20_000;

/**
 * With no SOLANA_RPC_URL, the engine uses the local Solana network on 127.0.0.1:`rpcPort` if one answers
 * (another engine process started it), and otherwise starts one in its own process (its own process group: a
 * Ctrl-C meant for the engine does not stop it under a draining worker), shared by every engine process of the
 * machine, like the embedded Redis and PostgreSQL.
 */
export async function ensureLocalSolana(rpcPort: number, wsPort: number, slotMs: number): Promise<RunningSolana> {
  const logger = new Logger('EmbeddedSolana');
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  const wsUrl = `ws://127.0.0.1:${wsPort}`;
  const genesis = await genesisHashAt(rpcUrl);
  if (genesis) {
    const listener = portListener(rpcPort);
    logger.log(`using the local Solana network already running at ${rpcUrl}${listener ? ` (pid ${listener.pid})` : ''}, genesis ${genesis}`);
    return { rpcUrl, wsUrl, stop: async () => undefined };
  }
  const child = spawn(process.execPath, [PROCESS, '--rpc-port', String(rpcPort), '--ws-port', String(wsPort), '--slot-ms', String(slotMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  try {
    const ready = await readyLine(child);
    logger.log(`started a local Solana network (pid ${child.pid}) at ${rpcUrl}, ${slotMs} ms slots, genesis ${ready.genesisHash}`);
  } catch (error) {
    await stopChild(child);
    // Another process may have won the race to start it on these ports: use theirs.
    if (await genesisHashAt(rpcUrl)) return { rpcUrl, wsUrl, stop: async () => undefined };
    throw error;
  }
  return { rpcUrl, wsUrl, pid: child.pid, stop: () => stopChild(child) };
}

function readyLine(child: ChildProcess): Promise<{ genesisHash: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new LocalServiceError(`the local Solana network did not start within ${READY_WITHIN_MS} ms`)), READY_WITHIN_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const message = JSON.parse(line) as { event: string; genesisHash: string; message?: string };
      if (message.event === 'ready') resolve(message);
      else reject(new LocalServiceError(`the local Solana network did not start: ${message.message}`));
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new LocalServiceError(`the local Solana network exited (${code}) before it was ready`))));
  });
}

/** The genesis hash of the network answering at `rpcUrl`, or undefined when none answers. */
export async function genesisHashAt(rpcUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getGenesisHash' }),
      signal: AbortSignal.timeout(2_000),
    });
    return ((await response.json()) as { result?: string }).result;
  } catch {
    return undefined;
  }
}
