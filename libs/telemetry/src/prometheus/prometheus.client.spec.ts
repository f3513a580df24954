import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient } from './prometheus.client.js';

type Handler = (body: URLSearchParams, res: ServerResponse) => void;

// Bodies as Prometheus 2.x/3.x sends them.
const VECTOR = {
  status: 'success',
  data: {
    resultType: 'vector',
    result: [{ metric: { le: '0.1' }, value: [1763798400, '42'] }],
  },
};
const MATRIX = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: {},
        values: [
          [1763798400, '0.01'],
          [1763798460, '0.02'],
        ],
      },
    ],
  },
  warnings: ['PromQL info: metric might not be a counter'],
};
const PARSE_ERROR = {
  status: 'error',
  errorType: 'bad_data',
  error: 'invalid parameter "query": 1:5: parse error: unexpected "}"',
};
const EXECUTION_ERROR = {
  status: 'error',
  errorType: 'execution',
  error: 'query processing would load too many samples',
};

function send(status: number, body: unknown): Handler {
  return (_form, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

describe('PrometheusClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler = send(200, VECTOR);
  const seen: { path: string; method: string; type: string; form: URLSearchParams }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        seen.push({ path: req.url ?? '', method: req.method ?? '', type: req.headers['content-type'] ?? '', form });
        handler(form, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs an instant query form-encoded and returns the vector', async () => {
    handler = send(200, VECTOR);
    const client = new PrometheusClient({ baseUrl: `${baseUrl}/` });
    const result = await client.query('sum by (le) (x{a="b"})', { time: new Date(1763798400500) });
    expect(result).toEqual({ ok: true, data: VECTOR.data });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ path: '/api/v1/query', method: 'POST', type: 'application/x-www-form-urlencoded' });
    expect(request.form.get('query')).toBe('sum by (le) (x{a="b"})');
    expect(request.form.get('time')).toBe('1763798400.5');
  });

  it('POSTs a range query with start, end and step and keeps the warnings', async () => {
    handler = send(200, MATRIX);
    const client = new PrometheusClient({ baseUrl });
    const result = await client.queryRange('rate(x[1m])', {
      start: new Date(1763798400000),
      end: new Date(1763798460000),
      stepSeconds: 60,
    });
    expect(result).toEqual({ ok: true, data: MATRIX.data, warnings: MATRIX.warnings });
    const request = seen.at(-1)!;
    expect(request.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(request.form)).toEqual({
      query: 'rate(x[1m])',
      start: '1763798400',
      end: '1763798460',
      step: '60',
    });
  });

  it.each([
    ['a parse error (400 bad_data)', send(400, PARSE_ERROR), 'bad_query', /bad_data: invalid parameter/],
    ['an unprocessable query (422)', send(422, EXECUTION_ERROR), 'bad_query', /execution: query processing/],
    [
      'an internal error (500)',
      send(500, { status: 'error', errorType: 'internal', error: 'boom' }),
      'server_error',
      /internal: boom/,
    ],
    [
      'a timeout inside Prometheus (503)',
      send(503, { status: 'error', errorType: 'timeout', error: 'query timed out' }),
      'server_error',
      /timeout: query timed out/,
    ],
    [
      'a proxy page instead of JSON (502)',
      send(502, '<html>Bad Gateway</html>'),
      'server_error',
      /HTTP 502 with a non-JSON body/,
    ],
    ['a success without data', send(200, { status: 'success' }), 'server_error', /unexpected response/],
    [
      'an unknown result type',
      send(200, { status: 'success', data: { resultType: 'histogram', result: [] } }),
      'server_error',
      /HTTP 200/,
    ],
  ] as const)('returns %s as data', async (_name, reply, kind, message) => {
    handler = reply;
    const result = await new PrometheusClient({ baseUrl }).query('up');
    expect(result).toMatchObject({ ok: false, kind });
    expect(!result.ok && result.message).toMatch(message);
  });

  it('returns a timeout when Prometheus does not answer in time', async () => {
    handler = () => undefined; // never answers
    const result = await new PrometheusClient({ baseUrl, timeoutMs: 5000 }).query('up', { timeoutMs: 100 });
    expect(result).toEqual({ ok: false, kind: 'timeout', message: 'no answer from Prometheus within 100 ms' });
  });

  it('returns unreachable when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}` }).query('up');
    expect(result).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(!result.ok && result.message).toMatch(/ECONNREFUSED/);
  });

  it('sends the configured headers', async () => {
    let authorization: string | undefined;
    const probe = createServer((req, res) => {
      authorization = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(VECTOR));
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new PrometheusClient({ baseUrl: url, headers: { authorization: 'Bearer t' } }).query('up');
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(authorization).toBe('Bearer t');
  });
});
