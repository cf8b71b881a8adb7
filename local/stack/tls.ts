import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIRS } from './paths.ts';
import { run } from './process.ts';

export const TLS = {
  caCert: join(DIRS.tls, 'ca.crt'),
  caKey: join(DIRS.tls, 'ca.key'),
  cert: join(DIRS.tls, 'server.crt'),
  key: join(DIRS.tls, 'server.key'),
} as const;

/**
 * A local CA and a server certificate for `localhost` / `127.0.0.1`, made once with openssl.
 * Clients trust `.local/tls/ca.crt` (MQTT_CA_FILE); services get their own copies of the key.
 */
export function ensureTls(): void {
  mkdirSync(DIRS.tls, { recursive: true, mode: 0o755 });
  if (!existsSync(TLS.caCert) || !existsSync(TLS.caKey)) {
    rmSync(TLS.cert, { force: true });
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-keyout',
      TLS.caKey,
      '-out',
      TLS.caCert,
      '-subj',
      '/CN=SCIP local development CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }
  if (existsSync(TLS.cert) && existsSync(TLS.key)) return;
  const csr = join(DIRS.tls, 'server.csr');
  const ext = join(DIRS.tls, 'server.ext');
  writeFileSync(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ].join('\n'),
  );
  run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    TLS.key,
    '-out',
    csr,
    '-subj',
    '/CN=localhost',
  ]);
  run('openssl', [
    'x509',
    '-req',
    '-sha256',
    '-days',
    '825',
    '-in',
    csr,
    '-CA',
    TLS.caCert,
    '-CAkey',
    TLS.caKey,
    '-CAcreateserial',
    '-out',
    TLS.cert,
    '-extfile',
    ext,
  ]);
  rmSync(csr, { force: true });
}
