/**
 * HTTPS=1: WebXR needs a secure context, and a phone on the LAN reaches us by IP, so we make a
 * self-signed certificate for localhost and every LAN address of this machine. It is kept in
 * DATA_DIR/tls so a phone that accepted it once keeps accepting it across restarts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((info): info is os.NetworkInterfaceInfo => !!info && info.family === 'IPv4' && !info.internal)
    .map((info) => info.address);
}

export async function loadOrCreateCertificate(dataDir: string): Promise<{ key: string; cert: string }> {
  const dir = path.join(dataDir, 'tls');
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const addresses = ['127.0.0.1', ...lanAddresses()];
  const namesFile = path.join(dir, 'names.json');
  const names = JSON.stringify(addresses);
  if (fs.existsSync(keyFile) && fs.existsSync(certFile) && fs.existsSync(namesFile) && fs.readFileSync(namesFile, 'utf8') === names) {
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  }
  const altNames = [{ type: 2, value: 'localhost' }, { type: 2, value: os.hostname() }, ...addresses.map((ip) => ({ type: 7, ip }))];
  // Loaded only when a certificate has to be made (first HTTPS start, or new LAN addresses).
  const { default: selfsigned } = await import('selfsigned');
  const pems = selfsigned.generate([{ name: 'commonName', value: 'Cashlens (self-signed)' }], {
    keySize: 2048,
    days: 825,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert);
  fs.writeFileSync(namesFile, names);
  return { key: pems.private, cert: pems.cert };
}
