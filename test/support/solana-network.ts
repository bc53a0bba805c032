import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../src/local-services/child-process.js';
import { freePort } from '../../src/local-services/free-port.js';

const PROCESS = fileURLToPath(new URL('../../dist/local-services/solana-network.process.js', import.meta.url));

export interface TestSolana {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly genesisHash: string;
  stop(): Promise<void>;
}

/** A fresh local Solana network on free ports, in its own process (the engine's, as built): one per suite. */
export async function startTestSolana(slotMs = 50): Promise<TestSolana> {
  const [rpcPort, wsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [PROCESS, '--rpc-port', String(rpcPort), '--ws-port', String(wsPort), '--slot-ms', String(slotMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await readyLine(child);
  return { rpcUrl: ready.rpcUrl, wsUrl: ready.wsUrl, genesisHash: ready.genesisHash, stop: () => stopChild(child) };
}

function readyLine(child: ChildProcess): Promise<{ rpcUrl: string; wsUrl: string; genesisHash: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (!line) return;
      const message = JSON.parse(line);
      if (message.event === 'ready') resolve(message);
      else reject(new Error(`the test Solana network did not start: ${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`the test Solana network exited (${code})`)));
  });
}
