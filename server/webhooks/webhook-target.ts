/**
 * Which URLs a webhook may be sent to (SSRF guard). Only http(s); and unless private targets are
 * allowed (config `webhookAllowPrivateTargets`), never a host that resolves to loopback,
 * link-local (cloud metadata at 169.254.169.254 included), private, shared (CGNAT), unique-local,
 * multicast or unspecified addresses. Checked when a subscription is made and again by the
 * lookup of every delivery's connection, so a name that later resolves inward (DNS rebinding)
 * is refused at the socket that would have reached it.
 */
import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['fe80::', 10], ['fc00::', 7], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** True when `address` (an IP literal) is reachable from the public internet only. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = net.isIP(address);
  if (family === 0) return false;
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The hostname of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why `raw` may not receive webhooks, or undefined when it may. Resolves the host name (all
 * addresses: one inward address is enough to refuse).
 */
export async function webhookTargetProblem(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Not a URL: ${raw}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Only http and https URLs can receive webhooks, not ${url.protocol}`;
  if (url.username || url.password) return 'A webhook URL may not carry credentials';
  if (allowPrivate) return undefined;
  const host = bareHost(url);
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return `The host ${host} does not resolve`;
  }
  const inward = addresses.find((address) => !isPublicAddress(address));
  return inward === undefined ? undefined : `The host ${host} resolves to ${inward}, a private, loopback or link-local address`;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses inward addresses unless allowed: the address the
 * socket connects to is the one checked. (IP literals skip lookup; callers check those first.)
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, entries) => {
      if (error) return callback(error, []);
      const inward = allowPrivate ? undefined : entries.find((entry) => !isPublicAddress(entry.address));
      if (inward) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${inward.address}, a private, loopback or link-local address`);
        refused.code = 'EWEBHOOKTARGET';
        return callback(refused, []);
      }
      if (options.all) return callback(null, entries);
      const first = entries[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
