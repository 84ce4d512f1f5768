import type { PlannedProgramme } from '../core/plan.js';
import type { PackFile } from './markdown.js';

export function renderCalendar(_p: PlannedProgramme): PackFile | undefined {
  return undefined;
}
