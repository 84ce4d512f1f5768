/** The colours the reporters use. chalk is imported only when colour is on: it is not free to load. */
export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  underline(s: string): string;
  errorSummary(s: string): string;
  warningSummary(s: string): string;
}

const same = (s: string): string => s;
const PLAIN: Paint = { red: same, yellow: same, dim: same, underline: same, errorSummary: same, warningSummary: same };

export async function painter(level: 0 | 1 | 2 | 3): Promise<Paint> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level });
  return { red: c.red, yellow: c.yellow, dim: c.dim, underline: c.underline, errorSummary: c.red.bold, warningSummary: c.yellow.bold };
}
