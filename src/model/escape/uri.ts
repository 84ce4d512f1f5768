import { withoutControls } from './controls.js';

/**
 * A relative path as a URI reference (RFC 3986 §4.2): each segment percent-encoded, keeping only the
 * unreserved characters (letters, digits, `-._~`), so a file name with a space, `#`, `?`, `%`, `:`, `(`,
 * `)` or `[` stays one path — a SARIF artifactLocation.uri (L5), a Markdown link to a programme's `out:`.
 * A colon is encoded, so the first segment is never read as a scheme (`javascript:`).
 */
export const uriPath = (path: string): string =>
  path
    .split('/')
    .map((segment) => encodeURIComponent(withoutControls(segment)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
