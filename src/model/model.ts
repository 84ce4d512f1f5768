/** Authored shapes: what a file written to DESIGN.md's format holds once it passes the schema. */
export type AiMode = 'automate' | 'augment' | 'human';
export type Period = 'task' | 'day' | 'week' | 'month' | 'quarter';
/** Days a period takes to come round again: work done monthly cannot be practised in a seven-day gap. */
const PERIOD_DAYS: Record<Period, number> = { task: 0, day: 1, week: 7, month: 28, quarter: 90 };
/** Whether work done once per `per` comes round within `days` (work with no period always does). */
export const comesRoundWithin = (per: Period | undefined, days: number): boolean => !per || PERIOD_DAYS[per] <= days;
/**
 * What a practice assignment is set on: this period's work when it comes round in the gap, else the
 * role's `practice.fallback`, else a copy of the last period's work, redacted or re-keyed.
 */
export type PracticeMode = 'this' | 'fallback' | 'last';
export const practiceMode = (w: { baseline?: { per: Period }; practice?: { fallback?: string } }, days: number): PracticeMode =>
  comesRoundWithin(w.baseline?.per, days) ? 'this' : w.practice?.fallback ? 'fallback' : 'last';
export type Format = 'md' | 'html' | 'ics' | 'slides' | 'prompts' | 'docx' | 'scorm';
export const FORMATS: readonly Format[] = ['md', 'html', 'ics', 'slides', 'prompts', 'docx', 'scorm'];
/** How the sessions are delivered: one room, a video call, or a room with people joining the call. */
export type Delivery = 'room' | 'remote' | 'hybrid';
export const DELIVERIES: readonly Delivery[] = ['room', 'remote', 'hybrid'];

interface Variable {
  description: string;
  example?: string;
}
export interface Prompt {
  id: string;
  title: string;
  template: string;
  variables?: Record<string, Variable>;
  weak?: string;
  weak_why?: string;
  verify?: string[];
}
export type ExerciseFormat = 'improve-weak' | 'fix-output' | 'from-scratch' | 'map-workflow' | 'verify-output' | 'chain';
/** A debrief item: a question, or a question with a facilitator-only answer. */
type DebriefItem = string | { question: string; answer?: string };
interface Exercise {
  title: string;
  minutes?: number;
  format?: ExerciseFormat;
  /** The participant's document itself, shown verbatim. */
  materials?: string;
  steps?: string[];
  debrief?: DebriefItem[];
  /** Facilitator-only from here on. */
  brief?: string;
  cut?: string;
  extension?: string;
  solution?: string;
}
/** Facilitator-only: the live demo, on material other than the exercise's, with a pre-run fallback output. */
export interface Demo {
  prompt?: string;
  material: string;
  values?: Record<string, string>;
  output: string;
}
interface Practice {
  title: string;
  task: string;
  /** What to practise when the work does not come round in the gap between sessions. */
  fallback?: string;
  evidence?: string[];
  variants?: { audience: string; task: string }[];
}
export interface Workflow {
  id: string;
  title: string;
  essential?: boolean;
  pain?: string;
  baseline?: { minutes: number; per: Period };
  target_minutes?: number;
  steps: { do: string; ai: AiMode }[];
  risks?: string[];
  checks?: string[];
  prompts?: Prompt[];
  demo?: Demo;
  exercise?: Exercise;
  practice?: Practice;
}
export interface Capstone {
  id: string;
  title: string;
  deliverable: string;
  workflows?: string[];
  success?: string[];
  audience?: string[];
}
export interface Role {
  id: string;
  name: string;
  summary?: string;
  audience?: string[];
  outcomes?: string[];
  data_policy?: { allowed?: string[]; forbidden?: string[] };
  leader_examples?: string[];
  workflows: Workflow[];
  capstones?: Capstone[];
}

/**
 * Every block kind, declared once: its default agenda title, whether it is hands-on (counts towards the
 * half-hands-on promise and time/hands-on-ratio), and whether participants work with the AI tool in it
 * (share-backs and showcases are hands-on but talk about the work). The `kind` enum of
 * schema/programme.schema.json lists exactly these keys in this order, and templates/blueprint.yaml uses
 * only these (tests/architecture/schema-drift.test.ts). Adding a kind: see CONTRIBUTING.md.
 */
export const BLOCK_KIND_INFO = {
  welcome: { title: 'Welcome', handsOn: false, withTool: false },
  norms: { title: 'Group norms', handsOn: false, withTool: false },
  leader: { title: 'Leader moment', handsOn: false, withTool: false },
  concept: { title: 'Concept', handsOn: false, withTool: false },
  demo: { title: 'Live demo', handsOn: false, withTool: false },
  exercise: { title: 'Hands-on exercise', handsOn: true, withTool: true },
  'failure-gallery': { title: 'Failure gallery', handsOn: true, withTool: true },
  'share-back': { title: 'Share-back', handsOn: true, withTool: false },
  project: { title: 'Capstone work', handsOn: true, withTool: true },
  reflect: { title: 'Reflect', handsOn: false, withTool: false },
  commit: { title: 'Commit', handsOn: false, withTool: false },
  break: { title: 'Break', handsOn: false, withTool: false },
  showcase: { title: 'Capstone showcase', handsOn: true, withTool: false },
} as const satisfies Record<string, { title: string; handsOn: boolean; withTool: boolean }>;

export type BlockKind = keyof typeof BLOCK_KIND_INFO;

/** The block kinds, in the order of the declaration (and of the schema's enum). */
export const BLOCK_KINDS = Object.keys(BLOCK_KIND_INFO) as readonly BlockKind[];

/** Hands-on kinds: exercise, failure-gallery, share-back, project, showcase. */
export const HANDS_ON: ReadonlySet<BlockKind> = new Set(BLOCK_KINDS.filter((k) => BLOCK_KIND_INFO[k].handsOn));

/** Kinds in which participants work with the AI tool themselves. */
export const WITH_TOOL: ReadonlySet<BlockKind> = new Set(BLOCK_KINDS.filter((k) => BLOCK_KIND_INFO[k].withTool));

export interface AuthoredBlock {
  kind: BlockKind;
  minutes: number;
  title?: string;
  workflow?: string;
  prompt?: string;
  text?: string;
  notes?: string;
}
interface AuthoredSession {
  title?: string;
  minutes?: number;
  blocks: AuthoredBlock[];
  practice?: string | string[];
}
export interface Person {
  name: string;
  team?: string;
  title?: string;
  /** Set by `cocoon plan` when no --owner/--sponsor was given: the pack says "to be named". Never read from files. */
  tbd?: boolean;
}
interface Schedule {
  start?: string;
  time?: string;
  timezone?: string;
  every?: number;
  minutes?: number;
  sessions?: number;
}
export interface Programme {
  id: string;
  role: string;
  title?: string;
  owner?: Person;
  sponsor?: Person;
  facilitators?: Person[];
  group_size?: number;
  workflows?: string[];
  capstone?: string;
  prompt_library?: 'taught' | 'all';
  schedule?: Schedule;
  check_ins?: { after_days: number; minutes?: number }[];
  sessions?: AuthoredSession[];
  out?: string;
  formats?: Format[];
  delivery?: Delivery;
  /** A room, or the meeting link for remote and hybrid sessions. */
  location?: string;
  /** Also write leader/calendar.ics with the sponsor's slots. */
  sponsor_events?: boolean;
  /** Facilitator-only notes by session number ("2": "Room B; bring the March file"). */
  notes?: Record<string, string>;
  /** What the programme costs beyond participants' time, for the report's cost and return section. */
  costs?: { facilitator_hours?: number; other?: number };
}
export interface Org {
  name?: string;
  timezone?: string;
  tools?: string[];
  /** Where packs are published (one folder per programme id): calendar events then link to handouts. */
  base_url?: string;
  /** ISO 4217: the currency of hourly_cost and of the report's cost and return section. */
  currency?: string;
  /** The loaded cost of one hour of a participant's time. */
  hourly_cost?: number;
  data_policy?: { allowed?: string[]; forbidden?: string[] };
  /** Months after the last check-in when the AI-literacy record is next reviewed (default 12). */
  review_months?: number;
  /** The organisation's role under the EU AI Act, named in the record. */
  ai_act_role?: 'deployer' | 'provider';
  /** The packs' language (issue 26): en (default), en-US, de, fr. */
  language?: string;
}
export interface ProjectConfig {
  org?: Org;
  defaults?: { group_size?: number; formats?: Format[]; schedule?: Schedule; check_ins?: { after_days: number; minutes?: number }[] };
  roles_dir?: string;
  templates_dir?: string;
  /** Per rule id: off, warning or error (app/rule-policy.ts applies it). */
  rules?: Record<string, RuleSetting>;
  programmes?: (Programme | { file: string })[];
}

/** What a project's `rules:` may set a rule to. */
export type RuleSetting = 'off' | 'warning' | 'error';
