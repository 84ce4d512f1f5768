/**
 * JSON that cocoon prints (--json, --format json and sarif): JSON.stringify escapes C0 controls but writes
 * DEL and the C1 controls (U+0080–U+009F, CSI among them) raw, and a terminal may act on those. Written as
 * \u escapes they are the same JSON value, and inert on a screen (docs/safety.md).
 */
export const jsonText = (value: unknown, indent = 2): string =>
  `${JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
