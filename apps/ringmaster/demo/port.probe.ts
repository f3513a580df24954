import { createServer } from 'node:net';

/** Whether something could listen on host:port right now (another process may take it a moment later). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The demo's port: the one asked for, else 4000 when free, else any free port (0). */
export async function choosePort(host: string, asked: number | undefined, preferred = 4000): Promise<number> {
  if (asked !== undefined) return asked;
  return (await portIsFree(host, preferred)) ? preferred : 0;
}
