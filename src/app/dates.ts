/**
 * What cli/ may ask about dates and time zones (flag and prompt checks), without reaching past app/
 * into the plan stage. Loaded on demand by the CLI: luxon is not needed for --help or --version.
 */
export * from '../pipeline/plan/schedule.js';
