import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect, createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy } from './connect-proxy.ts';
import type { ConnectProxy } from './connect-proxy.ts';

/** Sends a CONNECT and returns the status line plus the socket (tunnel open when 200). */
async function sendConnect(proxy: ConnectProxy, target: string, auth?: string): Promise<{ status: number; socket: Socket }> {
  const { port } = new URL(proxy.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth === undefined ? '' : `Proxy-Authorization: ${auth}\r\n`}\r\n`);
  const head = await new Promise<string>((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), socket };
}

const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

let echo: ReturnType<typeof createTcpServer>;
let echoPort: number;
let web: ReturnType<typeof createServer>;
let webPort: number;

beforeAll(async () => {
  echo = createTcpServer((s) => s.pipe(s));
  web = createServer((req, res) => res.writeHead(200, { 'x-saw-proxy-auth': String(req.headers['proxy-authorization'] !== undefined) }).end(`hello ${req.url}`));
  await Promise.all([
    new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve)),
  ]);
  echoPort = (echo.address() as AddressInfo).port;
  webPort = (web.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
  web.closeAllConnections();
  await new Promise<void>((resolve) => web.close(() => resolve()));
});

describe('startConnectProxy', () => {
  it('tunnels CONNECT and logs the target', async () => {
    const proxy = await startConnectProxy();
    try {
      const { status, socket } = await sendConnect(proxy, `127.0.0.1:${echoPort}`);
      expect(status).toBe(200);
      socket.write('ping');
      const reply = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
      expect(reply).toBe('ping');
      socket.destroy();
      expect(proxy.connects).toEqual([expect.objectContaining({ target: `127.0.0.1:${echoPort}`, authorized: true })]);
      expect(typeof proxy.connects[0]?.at).toBe('number');
    } finally {
      await proxy.close();
    }
  });

  it('answers 407 without or with wrong credentials, 200 with the right ones', async () => {
    const proxy = await startConnectProxy({ auth: { user: 'u', pass: 'p' } });
    try {
      const none = await sendConnect(proxy, `127.0.0.1:${echoPort}`);
      const wrong = await sendConnect(proxy, `127.0.0.1:${echoPort}`, basic('u', 'nope'));
      const right = await sendConnect(proxy, `127.0.0.1:${echoPort}`, basic('u', 'p'));
      expect([none.status, wrong.status, right.status]).toEqual([407, 407, 200]);
      for (const s of [none, wrong, right]) s.socket.destroy();
      expect(proxy.connects.map((c) => c.authorized)).toEqual([false, false, true]);
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 when the target refuses', async () => {
    const proxy = await startConnectProxy();
    try {
      const { status, socket } = await sendConnect(proxy, '127.0.0.1:1');
      socket.destroy();
      expect(status).toBe(502);
    } finally {
      await proxy.close();
    }
  });

  it('forwards plain-HTTP absolute-URI requests, without the proxy credentials', async () => {
    const proxy = await startConnectProxy({ auth: { user: 'u', pass: 'p' } });
    try {
      const { port } = new URL(proxy.url);
      const send = (auth?: string): Promise<{ status: number; body: string; saw: string | undefined }> =>
        new Promise((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: Number(port), path: `http://127.0.0.1:${webPort}/x?y=1`, headers: auth === undefined ? {} : { 'proxy-authorization': auth } }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, saw: res.headers['x-saw-proxy-auth'] as string | undefined }));
          });
          req.on('error', reject);
          req.end();
        });
      expect((await send()).status).toBe(407);
      const ok = await send(basic('u', 'p'));
      expect(ok).toEqual({ status: 200, body: 'hello /x?y=1', saw: 'false' });
      expect(proxy.forwards.map((f) => [f.method, f.url, f.authorized])).toEqual([
        ['GET', `http://127.0.0.1:${webPort}/x?y=1`, false],
        ['GET', `http://127.0.0.1:${webPort}/x?y=1`, true],
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('close() cuts open tunnels', async () => {
    const proxy = await startConnectProxy();
    const { socket } = await sendConnect(proxy, `127.0.0.1:${echoPort}`);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await proxy.close();
    await closed;
  });
});
