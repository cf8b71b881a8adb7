import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface SecurityHeadersOptions {
  /** Send `Strict-Transport-Security` (only where HTTPS terminates). */
  hstsEnabled: boolean;
  /** Paths under this prefix (the self-hosted API reference) get a CSP that lets its own assets load. */
  docsPathPrefix?: string;
}

const HSTS = 'max-age=31536000; includeSubDomains';

/** Nothing a JSON API returns should ever load, frame or run anything. */
const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** Swagger UI: its own script and CSS from this origin, inline styles (it sets them), data: images. */
const DOCS_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

const PERMISSIONS_POLICY = {
  camera: [],
  microphone: [],
  geolocation: [],
  payment: [],
  usb: [],
  fullscreen: [],
  accelerometer: [],
  gyroscope: [],
  magnetometer: [],
  interestCohort: [],
};

function build(csp: typeof API_CSP | typeof DOCS_CSP, hsts: boolean): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: csp,
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: hsts ? HSTS : false,
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: PERMISSIONS_POLICY,
  });
}

/**
 * Third in the chain (`hono/secure-headers`): CSP, `X-Frame-Options: DENY`, `nosniff`,
 * `Referrer-Policy: no-referrer`, `Permissions-Policy` (every powerful feature off), COOP/CORP, and HSTS
 * when enabled. They are set after the handler, so error responses carry them too.
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  const api = build(API_CSP, options.hstsEnabled);
  const docs = build(DOCS_CSP, options.hstsEnabled);
  const prefix = options.docsPathPrefix;
  return async function securityHeaders(c, next) {
    const isDocs = prefix !== undefined && (c.req.path === prefix || c.req.path.startsWith(`${prefix}/`));
    return (isDocs ? docs : api)(c, next);
  };
}
