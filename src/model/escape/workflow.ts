import { inert } from './terminal.js';

/**
 * GitHub workflow commands (`::error file=…,line=…::message`), as @actions/core's escapeData and
 * escapeProperty: data escapes %, CR and LF; a property also escapes : and ,. Values are made inert first
 * (terminal.ts): no terminal escapes, and no `::` that a log viewer could take for a command of its own.
 */
export const escapeData = (s: string): string => inert(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
