/**
 * The process: read the environment, build the app, listen, print where to go, and shut down
 * gracefully on SIGTERM/SIGINT (flushing sync documents and closing the database).
 */
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { lanAddresses } from './https-certificate.ts';
import { DEMO_PASSWORD, demoUsers } from './seed/demo-company.ts';

const started = Date.now();
const config = configFromEnv();
const app = await buildApp(config).catch((error: Error) => {
  console.error(`Cashlens could not start: ${error.message}`);
  process.exit(1);
});

await app.listen({ port: config.port, host: config.host });
const scheme = config.https ? 'https' : 'http';
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const local = config.publicUrl ?? `${scheme}://localhost:${port}`;

const lines = [
  '',
  `  Cashlens is running (${app.dbKind}${config.databaseUrl ? '' : ` in ${config.dataDir}`}) — ready in ${Date.now() - started} ms (${Math.round(performance.now())} ms after the process started)`,
  `  Open:  ${local}`,
  ...lanAddresses().map((ip) => `  LAN:   ${scheme}://${ip}:${port}${config.https ? '' : '   (phones need HTTPS=1 for AR)'}`),
  `  API docs: ${local}/docs`,
];
if (config.seedDemo) {
  lines.push('', `  Demo logins (password "${DEMO_PASSWORD}"):`, ...demoUsers.map((user) => `    ${user.role.padEnd(8)} ${user.email}`));
}
if (config.adminEmail) lines.push(`  Admin from ADMIN_EMAIL: ${config.adminEmail}`);
console.log(lines.join('\n') + '\n');

// Route schemas compile on first use so the port opens sooner; compile the rest now, between requests.
app.compileDeferredSchemas().then(
  (count) => app.log.debug({ count }, 'route schemas compiled'),
  (error: Error) => {
    app.log.fatal({ err: error }, 'a route schema does not compile');
    process.exit(1);
  },
);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
