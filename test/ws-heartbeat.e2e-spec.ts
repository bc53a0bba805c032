import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

/** A client that stops answering pings is let go; one that answers stays. */
describe('WebSocket clients that fall silent', () => {
  const context = useEngine({ WS_HEARTBEAT_MS: '200' });
  const feed = () => TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`);

  it('drops a client that answers no ping, and keeps one that does', async () => {
    const silent = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`, 5_000, { autoPong: false });
    const lively = await feed();
    let pings = 0;
    const pinged = new Promise<void>((resolve) => lively.socket.on('ping', () => ++pings === 4 && resolve()));

    expect(await silent.waitForClose(5_000)).toBe(1006); // terminated: no close handshake for a dead peer
    await pinged; // the answering client has been pinged past the silent one's end
    expect(lively.closeCode).toBeUndefined();
    lively.close();
  });
});

// A client that stops reading is cut off at WS_MAX_BUFFERED_BYTES: see src/orders/ws/socket-sink.spec.ts. On
// loopback the kernel keeps growing a silent reader's receive buffer (tcp_rmem allows 32 MB here; 3,000
// orders' frames, 7 MB, all fit), so an end-to-end test would need tens of MB of frames to reach the bound.
