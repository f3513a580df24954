/**
 * Security headers of every dashboard response. The page loads only its own scripts and styles (no inline code, no
 * third party) and talks only to this origin, over HTTP and the graphql-ws WebSocket ('self' covers ws: and wss: of
 * the same host).
 */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // a new deploy changes the files under the same names: revalidate rather than serve a stale page
  'Cache-Control': 'no-cache',
};
