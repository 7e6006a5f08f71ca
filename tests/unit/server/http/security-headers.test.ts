import { describe, expect, it } from 'vitest';
import { cashlensHelmetOptions, securityHeaders } from '../../../../server/http/security-headers.ts';

describe('security headers', () => {
  it('adds HSTS and upgrade-insecure-requests under HTTPS only', () => {
    const secure = securityHeaders(cashlensHelmetOptions(true));
    expect(secure['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(secure['content-security-policy']).toContain('upgrade-insecure-requests');
    const plain = securityHeaders(cashlensHelmetOptions(false));
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(plain['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('refuses a directive helmet refuses, at start-up', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ['self'] } } })).toThrow(/self/);
  });
});
