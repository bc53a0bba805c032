import type { IncomingHttpHeaders } from 'node:http';

/**
 * The WebSocket base URL clients should use, from the configured public URL
 * or else the request's own Host (and X-Forwarded-Proto behind a proxy).
 */
export function wsBaseUrl(headers: IncomingHttpHeaders, publicWsUrl: string | undefined, encrypted = false): string {
  if (publicWsUrl) return publicWsUrl;
  const forwarded = String(headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  const secure = forwarded ? forwarded === 'https' || forwarded === 'wss' : encrypted;
  const host = String(headers['x-forwarded-host'] ?? headers.host ?? 'localhost')
    .split(',')[0]
    .trim();
  return `${secure ? 'wss' : 'ws'}://${host}`;
}
