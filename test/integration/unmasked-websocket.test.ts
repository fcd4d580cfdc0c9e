import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { UnmaskedWebSocket } from '../../site-client/unmasked-websocket.js';

/** Sends `payload` from a socket.io client over the given transport; returns what arrived and the raw TCP bytes. */
async function sendOver(transports: ['websocket'] | [typeof UnmaskedWebSocket], payload: Buffer): Promise<{ arrived: Buffer; wire: Buffer }> {
  const http = createServer();
  const wire: Buffer[] = [];
  http.on('connection', (sock) => sock.on('data', (chunk: Buffer) => wire.push(chunk)));
  const server = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 4 << 20 });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const arrived = new Promise<Buffer>((resolve) => server.on('connection', (s) => s.on('blob', (b: Buffer) => resolve(b))));
  const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports, forceNew: true, reconnection: false });
  try {
    client.emit('blob', payload);
    return { arrived: await arrived, wire: Buffer.concat(wire) };
  } finally {
    client.disconnect();
    await server.close();
  }
}

describe('the site’s WebSocket transport', () => {
  const payload = randomBytes(1 << 20);

  it('sends its frames unmasked: the payload crosses the wire byte for byte and arrives intact', async () => {
    const { arrived, wire } = await sendOver([UnmaskedWebSocket], payload);
    expect(arrived.equals(payload)).toBe(true);
    expect(wire.includes(payload)).toBe(true);
  });

  it('where the stock transport masks them (the wire holds the payload XORed with a random key)', async () => {
    const { arrived, wire } = await sendOver(['websocket'], payload);
    expect(arrived.equals(payload)).toBe(true);
    expect(wire.includes(payload.subarray(0, 64))).toBe(false);
  });
});
