import { checkOutboundUrl, isAddressAllowed, type OutboundAllowList } from './url.guard.js';

const none: OutboundAllowList = { cidrs: [], hosts: [] };
const loopback: OutboundAllowList = { cidrs: ['127.0.0.0/8', '::1'], hosts: [] };

describe('isAddressAllowed', () => {
  it.each([
    { address: '8.8.8.8', allow: none, expected: true },
    { address: '2606:4700::1111', allow: none, expected: true },
    { address: '127.0.0.1', allow: none, expected: false },
    { address: '::1', allow: none, expected: false },
    { address: '10.1.2.3', allow: none, expected: false },
    { address: '192.168.0.1', allow: none, expected: false },
    { address: '172.16.5.5', allow: none, expected: false },
    { address: '169.254.169.254', allow: none, expected: false },
    { address: 'fe80::1', allow: none, expected: false },
    { address: 'fd00::1', allow: none, expected: false },
    { address: '0.0.0.0', allow: none, expected: false },
    { address: '::ffff:127.0.0.1', allow: none, expected: false },
    { address: '127.0.0.1', allow: loopback, expected: true },
    { address: '::1', allow: loopback, expected: true },
    { address: '10.1.2.3', allow: loopback, expected: false },
    { address: 'not-an-ip', allow: loopback, expected: false },
  ])('$address with $allow.cidrs → $expected', ({ address, allow, expected }) => {
    expect(isAddressAllowed(address, allow)).toBe(expected);
  });
});

describe('checkOutboundUrl', () => {
  const resolver = (map: Record<string, string[]>) => async (host: string) => {
    const found = map[host];
    if (!found) throw new Error('ENOTFOUND');
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it.each([
    { name: 'public host', url: 'https://hooks.example.com/x', code: null },
    { name: 'ftp scheme', url: 'ftp://hooks.example.com/x', code: 'SCHEME_NOT_ALLOWED' },
    { name: 'file scheme', url: 'file:///etc/passwd', code: 'SCHEME_NOT_ALLOWED' },
    { name: 'garbage', url: 'not a url', code: 'INVALID_URL' },
    { name: 'credentials', url: 'https://u:p@hooks.example.com/', code: 'INVALID_URL' },
    { name: 'unknown host', url: 'https://nowhere.example/', code: 'UNRESOLVABLE' },
    { name: 'host resolving to private', url: 'http://internal.example.com/', code: 'ADDRESS_NOT_ALLOWED' },
    { name: 'one of many addresses private', url: 'http://mixed.example.com/', code: 'ADDRESS_NOT_ALLOWED' },
    { name: 'literal loopback', url: 'http://127.0.0.1:8080/', code: 'ADDRESS_NOT_ALLOWED' },
    { name: 'literal ipv6 loopback', url: 'http://[::1]:8080/', code: 'ADDRESS_NOT_ALLOWED' },
    { name: 'metadata service', url: 'http://169.254.169.254/latest', code: 'ADDRESS_NOT_ALLOWED' },
  ])('$name', async ({ url, code }) => {
    const result = await checkOutboundUrl(
      url,
      none,
      resolver({
        'hooks.example.com': ['93.184.216.34'],
        'internal.example.com': ['10.0.0.5'],
        'mixed.example.com': ['93.184.216.34', '192.168.1.1'],
      }),
    );
    if (code === null) {
      expect(result).toMatchObject({ ok: true, address: '93.184.216.34', family: 4 });
    } else {
      expect(result).toMatchObject({ ok: false, code });
    }
  });

  it('allows an allow-listed loopback address and an allow-listed host name', async () => {
    await expect(checkOutboundUrl('http://127.0.0.1:9/', loopback)).resolves.toMatchObject({ ok: true });
    const byHost = await checkOutboundUrl(
      'http://receiver.internal/',
      { cidrs: [], hosts: ['receiver.internal'] },
      async () => [{ address: '10.0.0.9', family: 4 }],
    );
    expect(byHost).toMatchObject({ ok: true, address: '10.0.0.9' });
  });
});
