import { createServer } from 'node:net';
import { portListener } from './port-listener.js';

describe('portListener', () => {
  it('names the process listening on a port (this one), and nothing on a free port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(portListener(port)).toEqual({ pid: process.pid, command: expect.stringContaining('node') });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(portListener(port)).toBeUndefined();
  });
});
