import { createRequire } from 'node:module';

/** schema/report.schema.json: the layout of report/report.json (`cocoon schema report`). */
export const reportSchema = (): Record<string, unknown> => createRequire(import.meta.url)('../../schema/report.schema.json') as Record<string, unknown>;
