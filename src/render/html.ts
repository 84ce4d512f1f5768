import type { PlannedProgramme } from '../core/plan.js';
import type { PackFile } from './markdown.js';

export function renderHtmlPack(_p: PlannedProgramme, _md: readonly PackFile[]): PackFile[] {
  return [];
}
