import { generate } from 'selfsigned';

/** A server key and its self-signed certificate (PEM), which clients also use as their CA. */
export interface TlsMaterial {
  key: string;
  cert: string;
}

const CERT_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * Generates a self-signed certificate for 127.0.0.1/localhost (and `host`). kubectl only sends bearer tokens over
 * https, so a kubeconfig for it carries this certificate as `certificate-authority-data`.
 */
export async function selfSignedTls(host: string): Promise<TlsMaterial> {
  const ips = [...new Set(['127.0.0.1', host].filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h)))];
  const pems = await generate([{ name: 'commonName', value: 'fleet-sim' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + CERT_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...ips.map((ip) => ({ type: 7 as const, ip })), { type: 2 as const, value: 'localhost' }],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
