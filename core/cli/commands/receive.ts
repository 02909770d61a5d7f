import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, operatorError } from '../../errors/codes.ts';
import { INGRESS_DEFAULT_MAX_BYTES } from '../../ingress/ingress-contract.ts';
import { startReceiver } from '../../ingress/receiver.ts';
import type { Receiver } from '../../ingress/receiver.ts';
import { ExitCode, UsageError } from '../command.ts';
import type { Command } from '../command.ts';

/** Where `receive` listens without `--listen`. */
export const DEFAULT_RECEIVE_LISTEN = '127.0.0.1:8090';
/** Where `receive` stores archives without `--dir`. */
export const DEFAULT_RECEIVE_DIR = './received';

const usage = `Usage: insights-operator receive [options]

A local Insights ingress for testing a cluster's uploads: accepts exactly what the real ingress
(console.redhat.com/api/ingress/v1/upload) accepts, stores each archive as DIR/<request-id>.tar.gz,
prints one line per upload and answers 202 with a request id. Refused uploads get the real
service's status (400 wrong part, 413 too large, 415 wrong content type, 401 wrong token) and a
line on standard error. Stops on SIGINT or SIGTERM.

Point the operator at it with the configuration's upload endpoint, e.g.
  endpoint: http://127.0.0.1:8090/api/ingress/v1/upload

Options:
  --listen HOST:PORT    where to listen (default: ${DEFAULT_RECEIVE_LISTEN}; port 0 picks a free one;
                        IPv6 as [::1]:PORT)
  --dir DIR             where to store archives (default: ${DEFAULT_RECEIVE_DIR})
  --token T             accept only "Authorization: Bearer T" (default: no token check)
  --tls-cert FILE       serve HTTPS with this certificate (PEM) ...
  --tls-key FILE        ... and this key (default: plain HTTP)
  --max-bytes N         largest archive accepted (default: ${INGRESS_DEFAULT_MAX_BYTES}, the real service's)
  -h, --help            show this help

Standard output: one line per stored upload,
  <time> <request-id> <bytes> B, <files> files, <n> functions with errors[: names]
Standard error: the address at start, and one line per refused request.`;

function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || !Number.isInteger(port) || port > 65535) throw new UsageError(`--listen: "${value}" is not HOST:PORT`);
  return { host: m[1] ?? m[2]!, port };
}

function parseMaxBytes(value: string | undefined): number {
  if (value === undefined) return INGRESS_DEFAULT_MAX_BYTES;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-bytes: "${value}" is not a positive integer`);
  return n;
}

async function readTls(cert: string | undefined, key: string | undefined): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (cert === undefined || key === undefined) return undefined;
  const read = (flag: string, file: string) => readFile(file).catch((error: unknown) => {
    throw new UsageError(`${flag}: cannot read ${file}: ${describeError(error)}`);
  });
  return { cert: await read('--tls-cert', cert), key: await read('--tls-key', key) };
}

/** `insights-operator receive`: a local ingress that stores and summarises uploads. */
export const receiveCommand: Command = {
  name: 'receive',
  summary: 'run a local ingress that accepts, stores and summarises uploads',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        dir: { type: 'string' },
        token: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'max-bytes': { type: 'string' },
      },
    });
    const listen = parseListen(values.listen ?? DEFAULT_RECEIVE_LISTEN);
    const maxBytes = parseMaxBytes(values['max-bytes']);
    if (values.token === '') throw new UsageError('--token must not be empty');
    const tls = await readTls(values['tls-cert'], values['tls-key']);
    const dir = resolve(values.dir ?? DEFAULT_RECEIVE_DIR);

    let receiver: Receiver;
    try {
      receiver = await startReceiver({
        ...listen, dir, maxBytes,
        ...(values.token === undefined ? {} : { token: values.token }),
        ...(tls === undefined ? {} : { tls }),
        onAccepted: (upload) => process.stdout.write(`${upload.line}\n`),
        onRejected: (r) => process.stderr.write(`${r.at.toISOString()} refused ${r.status} ${r.method} ${r.path}: ${r.error}\n`),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw operatorError('IO_SERVER_LISTEN', 'receive', `${listen.host}:${listen.port}`, describeError(error));
      }
      throw error;
    }
    process.stderr.write(`receive: listening on ${receiver.uploadUrl}, storing archives in ${dir}${values.token === undefined ? '' : ' (bearer token required)'}\n`);

    return new Promise<number>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        receiver.close().then(() => done(ExitCode.Ok), () => done(ExitCode.Failed));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};
