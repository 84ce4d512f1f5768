import { withoutControls } from './controls.js';
/**
 * JSON that cocoon prints (--json, --format json and sarif): JSON.stringify escapes C0 controls but writes
 * DEL and the C1 controls (U+0080–U+009F, CSI among them) raw, and a terminal may act on those. Written as
 * \u escapes they are the same JSON value, and inert on a screen (docs/safety.md).
 */
export const jsonText = (value: unknown, indent = 2): string =>
  `${JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;

/**
 * A string as a single-quoted JavaScript string literal inside an HTML <script>: JSON's escapes, with the
 * quote swapped, and <, >, & and U+2028/U+2029 as \u escapes, so no value can close the script or open a
 * comment in it.
 */
export const scriptString = (value: string): string =>
  `'${JSON.stringify(withoutControls(value))
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
