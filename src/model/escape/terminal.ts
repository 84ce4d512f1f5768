/**
 * Terminal text and CI logs: the escaping layer's format for everything cocoon prints (docs/safety.md).
 * GitHub reads a line of a job's log that starts with `::` as a workflow command, and a terminal runs ESC,
 * OSC and C1 sequences: a value from a file reaches neither as anything but text.
 */
const UNSAFE = /[\0-\x1f\x7f-\x9f]|::/;

/**
 * A value that came from a file, made inert for a terminal or a CI log: line breaks become spaces (so a
 * value cannot start a line of its own), every other control character (ESC of `\e]8;;` links and `\e[2J`,
 * C1 controls) becomes U+FFFD, and `::` gets a zero-width space between its colons, so GitHub never reads
 * `::error::` or `::add-mask::` as a workflow command.
 */
export function inert(value: string): string {
  if (!UNSAFE.test(value)) return value;
  return value
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\0-\x1f\x7f-\x9f]/g, (c) => (c === '\t' ? ' ' : '\uFFFD'))
    .replace(/::/g, ':\u200b:');
}

/** Multi-line text (a diff) made inert line by line; the line breaks themselves stay. */
export const inertLines = (text: string): string => text.split('\n').map(inert).join('\n');
