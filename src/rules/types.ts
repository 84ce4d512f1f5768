import type { Severity } from '../model/diagnostics.js';
import type { Role } from '../model/model.js';
import type { PlannedProgramme } from '../pipeline/plan/plan.js';
import type { Loc } from '../model/loc.js';

export type FailureMode = 'input' | 'generic' | 'follow-through' | 'workflow' | 'ownership' | 'safety' | 'leadership' | 'project' | 'time' | 'prompt' | 'data';

export const FAILURE_MODES: Record<FailureMode, string> = {
  input: 'Files cocoon can read',
  generic: '1 · Generic training',
  'follow-through': '2 · No follow-through',
  workflow: '3 · Tools, not workflows',
  ownership: '4 · The wrong people led it',
  safety: '5 · No safe space to fail',
  leadership: "6 · Leadership didn't model it",
  project: '+ · Project-based',
  time: 'Timing',
  prompt: 'Prompt quality',
  data: 'Data safety',
};

export interface RuleMeta {
  id: string;
  severity: Severity;
  failureMode: FailureMode;
  /** One line: when the rule fires. */
  description: string;
  /** How to fix it, shown under every diagnostic. */
  hint: string;
  /** Why it matters, for `cocoon rules <id>`. */
  explanation: string;
  /** A YAML snippet that passes. */
  example: string;
  messages: Record<string, string>;
  /** Per-message hints with the message's {data} (e.g. the valid ids); `hint` otherwise. */
  hints?: Record<string, string>;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  at: Loc;
  /** Overrides meta.severity (safety/group-size is an error above 20, a warning above 12). */
  severity?: Severity;
}

export interface RuleContext {
  report(r: Report): void;
}

export interface LoadedRole {
  role: Role;
  at: Loc;
}

export interface Rule {
  meta: RuleMeta;
  checkRole?(target: LoadedRole, ctx: RuleContext): void;
  checkProgramme?(programme: PlannedProgramme, ctx: RuleContext): void;
}

export const defineRule = (rule: Rule): Rule => rule;
