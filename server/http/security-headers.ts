/**
 * Helmet's security headers (CSP, nosniff, frame and referrer policies, HSTS under HTTPS),
 * computed ONCE from `helmet(options)` and set on every reply from a plain onRequest hook.
 * Why not @fastify/helmet: version 13 builds helmet's middleware for every request, parsing the
 * CSP directives each time (3 % of the CPU of a payment in bench/ledger-payments.ts). Our
 * directives hold no per-request functions or nonces, so the headers are constants.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** Cashlens's policy: the client needs WebAssembly (three's decoders), blob workers (text layout) and sockets. */
export function cashlensHelmetOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:', 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: https,
  };
}

export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure) throw failure;
  return headers;
}

export default fp(async function securityHeadersPlugin(app: FastifyInstance, options: { readonly https: boolean }) {
  const headers = securityHeaders(cashlensHelmetOptions(options.https));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}, { name: 'security-headers' });
