import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { BUILTIN_ROLES_DIR } from '../assets/paths.js';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import type { Role, Workflow } from '../model/model.js';
import { didYouMean } from '../model/text.js';
import { displayPath, loadYamlFile, readTemplateFile } from '../pipeline/load/load.js';
import { parseYaml } from '../pipeline/load/source.js';
import { createEnv } from '../pipeline/render/handlebars.js';
import { demoPromptOf } from '../pipeline/render/demo.js';
import { asBytes, writeOwnedFile, writePack } from '../pipeline/write/write.js';
import { staysInside } from '../pipeline/load/safe-fs.js';
import { ruleById } from '../rules/index.js';
import { PIECES, workflowReadiness, type Piece } from '../model/readiness.js';
import { finish, loadRole } from './stages.js';
import { runVia, type ViaResult } from './draft-via.js';
import type { Workspace } from './workspace.js';

export interface DraftOptions {
  cwd: string;
  roleFile: string;
  workflow?: string;
  via?: string;
  timeoutSeconds: number;
  force?: boolean;
}

interface DraftPiece {
  workflow: string;
  piece: Piece;
  /** The brief's path, as the user sees it. */
  brief: string;
}

export interface DraftOutcome {
  role: string;
  /** The role's own diagnostics when it does not load (nothing else was done). */
  diagnostics: Diagnostic[];
  pieces: DraftPiece[];
  via?: {
    drafted: DraftPiece[];
    failed: (DraftPiece & { why: string })[];
    /** `<stem>.draft.yaml`, as the user sees it; undefined when no piece came back. */
    file?: string;
    diagnostics: Diagnostic[];
    diff: string;
  };
}

/** The first line of every draft file: how a later run knows it wrote the file (and may replace it). */
const DRAFT_MARK = '# Drafted by `cocoon draft`';

const LABELS: Record<Piece, string> = {
  exercise: 'an exercise',
  materials: 'the exercise materials',
  brief: "the facilitator's brief",
  solution: 'the answer key',
  demo: 'the demo material and fallback output',
  diagnosis: 'the weak-prompt diagnosis',
};

/** The rules that check each piece (their descriptions are the words the brief shows). */
const RULES_FOR: Record<Piece, string[]> = {
  exercise: ['exercise/described-material', 'exercise/spoiler', 'exercise/sum-mismatch', 'data/real-looking-example', 'safety/dismissive-language'],
  materials: ['exercise/described-material', 'exercise/spoiler', 'exercise/sum-mismatch', 'data/real-looking-example'],
  brief: ['exercise/spoiler'],
  solution: ['exercise/sum-mismatch'],
  demo: ['exercise/no-demo', 'data/real-looking-example'],
  diagnosis: ['prompt/no-diagnosis', 'prompt/generic-weak-why'],
};

/** The YAML each piece comes back as: what the brief asks for and what the merge reads. */
function answerShape(piece: Piece, undiagnosed: string[]): string {
  switch (piece) {
    case 'exercise':
      return 'exercise:\n  title: …\n  minutes: 25\n  format: verify-output\n  materials: |\n    …the whole document…\n  steps:\n    - …\n  debrief:\n    - …\n';
    case 'materials':
      return 'materials: |\n  …the whole document, every line…\n';
    case 'brief':
      return 'brief: |\n  …what is planted and where, what good looks like, where people get stuck…\n';
    case 'solution':
      return 'solution: |\n  …the answer key, with the sums shown…\n';
    case 'demo':
      return "demo:\n  material: |\n    …the whole demo document…\n  output: |\n    …the demo prompt's output on it, checked…\n";
    case 'diagnosis':
      return `weak_why:\n${undiagnosed.map((id) => `  ${id}: …`).join('\n')}\n`;
  }
}

/** The built-in text the brief shows as an example: a workflow of the same exercise format where one exists. */
function exampleFor(piece: Piece, w: Workflow, builtins: readonly Role[]) {
  const all = builtins.flatMap((r) => r.workflows.map((x) => ({ role: r, w: x })));
  const format = w.exercise?.format;
  const pick = (format && all.find((x) => x.w.exercise?.format === format)) || all[0]!;
  const x = pick.w;
  const prompt = (x.prompts ?? []).find((p) => p.weak && p.weak_why);
  const text =
    piece === 'exercise' || piece === 'materials'
      ? (x.exercise?.materials ?? '')
      : piece === 'brief'
        ? (x.exercise?.brief ?? '')
        : piece === 'solution'
          ? (x.exercise?.solution ?? '')
          : piece === 'demo'
            ? `material:\n${x.demo?.material ?? ''}\noutput:\n${x.demo?.output ?? ''}`
            : `weak: ${prompt?.weak ?? ''}\nweak_why: ${prompt?.weak_why ?? ''}`;
  return {
    roleName: pick.role.name,
    workflowTitle: x.title,
    text: text.trimEnd(),
    lines: text.trimEnd().split('\n').length,
    words: (text.match(/\S+/g) ?? []).length,
  };
}

function loadBuiltins(): Role[] {
  const out: Role[] = [];
  for (const id of ['finance', 'operations', 'customer-support', 'legal', 'marketing', 'sales', 'hr', 'leadership']) {
    const file = join(BUILTIN_ROLES_DIR, `${id}.yaml`);
    if (!existsSync(file)) continue;
    const parsed = loadYamlFile(file, { cwd: BUILTIN_ROLES_DIR });
    if (!parsed.diagnostics.length) out.push(parsed.data as Role);
  }
  return out;
}

function briefContext(role: Role, w: Workflow, piece: Piece, builtins: readonly Role[]) {
  const r = workflowReadiness(w);
  const ex = w.exercise;
  return {
    piece,
    pieceLabel: LABELS[piece],
    role: {
      name: role.name,
      audience: role.audience ?? [],
      allowed: role.data_policy?.allowed ?? [],
      forbidden: role.data_policy?.forbidden ?? [],
    },
    workflow: {
      id: w.id,
      title: w.title,
      pain: w.pain ?? null,
      baselineLabel: w.baseline ? `${w.baseline.minutes} minutes per ${w.baseline.per === 'task' ? 'occurrence' : w.baseline.per}` : null,
      steps: w.steps.map((s, i) => ({ number: i + 1, do: s.do, ai: s.ai })),
      risks: w.risks ?? [],
      checks: w.checks ?? [],
      prompts: (w.prompts ?? []).map((p) => ({ id: p.id, title: p.title, template: p.template, weak: p.weak ?? null, weakWhy: p.weak_why ?? null })),
    },
    exercise: ex
      ? {
          title: ex.title,
          minutes: ex.minutes ?? null,
          format: ex.format ?? null,
          steps: ex.steps ?? [],
          materials: ex.materials ?? null,
          /** Materials that are the document itself: an answer key can follow from them. */
          materialsReady: !r.missing.includes('materials'),
          brief: ex.brief ?? null,
        }
      : null,
    demoPrompt: demoPromptOf(w)?.id ?? 'the first prompt',
    undiagnosed: r.undiagnosed,
    example: exampleFor(piece, w, builtins),
    rules: RULES_FOR[piece].map((id) => ({ id, text: ruleById(id)?.meta.description ?? '' })),
    answer: answerShape(piece, r.undiagnosed),
  };
}

/** What a reply holds for the piece, or why it holds nothing usable. */
function pieceFrom(reply: string, piece: Piece, undiagnosed: string[]): { value: unknown } | { why: string } {
  const fenced = /```[ \t]*ya?ml[ \t]*\n([\s\S]*?)```/i.exec(reply) ?? /```[^\n]*\n([\s\S]*?)```/.exec(reply);
  const text = fenced ? fenced[1]! : reply;
  const parsed = parseYaml(new TextEncoder().encode(text), 'reply');
  if (parsed.diagnostics.length || !parsed.data || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) return { why: 'it printed no YAML mapping' };
  const data = parsed.data as Record<string, unknown>;
  const key = piece === 'diagnosis' ? 'weak_why' : piece;
  const value = data[key];
  const isText = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  if (value === undefined) return { why: `its YAML has no \`${key}:\`` };
  if (piece === 'demo') {
    const d = value as Record<string, unknown>;
    if (!d || typeof d !== 'object' || !isText(d.material) || !isText(d.output)) return { why: 'its `demo:` lacks `material:` or `output:` text' };
    return { value: { material: d.material, output: d.output } };
  }
  if (piece === 'diagnosis') {
    const d = value as Record<string, unknown>;
    if (!d || typeof d !== 'object') return { why: '`weak_why:` is not a mapping of prompt ids' };
    const found = Object.fromEntries(undiagnosed.filter((id) => Object.hasOwn(d, id) && isText(d[id])).map((id) => [id, d[id]]));
    if (!Object.keys(found).length) return { why: `\`weak_why:\` names none of ${undiagnosed.join(', ')}` };
    return { value: found };
  }
  if (piece === 'exercise') {
    const d = value as Record<string, unknown>;
    if (!d || typeof d !== 'object' || !isText(d.title)) return { why: 'its `exercise:` has no `title:`' };
    return { value: d };
  }
  if (!isText(value)) return { why: `its \`${key}:\` is not text` };
  return { value };
}

type Yaml = typeof import('yaml');

/**
 * `text` with `key: value` set in the block mapping at `path`, the rest of the file byte for byte as it
 * was (a round trip through a YAML library would re-space every `{ a, b }` of the author's). The new
 * pair is rendered by the library and indented like its siblings; an existing pair is replaced in place.
 * Undefined when the mapping is not a plain block mapping, or the result does not read back as intended.
 */
function spliced(yaml: Yaml, text: string, path: (string | number)[], key: string, value: unknown): string | undefined {
  const doc = yaml.parseDocument(text);
  const map = doc.getIn(path, true);
  if (!yaml.isMap(map) || map.flow || !map.items.length) return undefined;
  const first = map.items[0]!.key;
  if (!yaml.isNode(first) || !first.range) return undefined;
  const lineStart = (pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
  const indent = first.range[0] - lineStart(first.range[0]);
  const rendered = yaml.stringify({ [key]: value }, { lineWidth: 0, flowCollectionPadding: false }).replace(/^(?=.)/gm, () => ' '.repeat(indent));
  const at = map.items.findIndex((p) => yaml.isScalar(p.key) && p.key.value === key);
  const endOf = (k: number): number | undefined => {
    const v = map.items[k]!.value;
    if (!yaml.isNode(v) || !v.range) return undefined;
    const nl = text.indexOf('\n', v.range[1] - 1);
    return Math.max(v.range[1], nl === -1 ? text.length : nl + 1);
  };
  let out: string;
  if (at >= 0) {
    const k = map.items[at]!.key;
    const end = endOf(at);
    if (!yaml.isNode(k) || !k.range || end === undefined) return undefined;
    out = text.slice(0, lineStart(k.range[0])) + rendered + text.slice(end);
  } else {
    const end = endOf(map.items.length - 1);
    if (end === undefined) return undefined;
    const before = text.slice(0, end);
    out = `${before}${before.endsWith('\n') ? '' : '\n'}${rendered}${text.slice(end)}`;
  }
  const back = yaml.parseDocument(out);
  if (back.errors.length || JSON.stringify(back.getIn([...path, key])) !== JSON.stringify(value)) return undefined;
  return out;
}

/** `text` with the value set at path: spliced in where it can be, else through the library (whole-file formatting). */
function setIn(yaml: Yaml, text: string, path: (string | number)[], value: unknown): string {
  const key = String(path[path.length - 1]);
  const done = spliced(yaml, text, path.slice(0, -1), key, value);
  if (done !== undefined) return done;
  const doc = yaml.parseDocument(text);
  doc.setIn(path, doc.createNode(value));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The piece merged into the working role (so later briefs see it) and into the draft's text. */
function apply(yaml: Yaml, role: Role, text: string, wi: number, piece: Piece, value: unknown): string {
  const w = role.workflows[wi]!;
  if (piece === 'demo') {
    w.demo = value as Workflow['demo'];
    return setIn(yaml, text, ['workflows', wi, 'demo'], value);
  }
  if (piece === 'diagnosis') {
    for (const [id, why] of Object.entries(value as Record<string, string>)) {
      const pi = (w.prompts ?? []).findIndex((p) => p.id === id);
      w.prompts![pi]!.weak_why = why;
      text = setIn(yaml, text, ['workflows', wi, 'prompts', pi, 'weak_why'], why);
    }
    return text;
  }
  if (piece === 'exercise') {
    w.exercise = value as Workflow['exercise'];
    return setIn(yaml, text, ['workflows', wi, 'exercise'], value);
  }
  w.exercise = { ...w.exercise!, [piece]: value as string };
  return setIn(yaml, text, ['workflows', wi, 'exercise', piece], value);
}

/** cocoon draft: a drafting brief per missing piece of a role; with `via`, the pieces drafted and merged into `<stem>.draft.yaml`. */
export async function draftRole(o: DraftOptions, ws: Workspace): Promise<DraftOutcome> {
  const file = resolve(o.cwd, o.roleFile);
  if (!existsSync(file) || !lstatSync(file).isFile())
    throw new UsageError(`No such role file: ${o.roleFile}`, 'Name a role YAML file, e.g. `cocoon draft roles/procurement.yaml`.');
  if (/\.draft\.ya?ml$/.test(file)) throw new UsageError(`${o.roleFile} is a draft, not a role`, 'Name the role file the draft was made from.');
  const root = staysInside(o.cwd, file) ? resolve(o.cwd) : dirname(file);
  const shownRole = displayPath(file, o.cwd);
  const loaded = loadRole(file, ws, root);
  if (!loaded.role || hasErrors(loaded.diagnostics))
    return {
      role: shownRole,
      diagnostics: finish(
        loaded.diagnostics.filter((d) => d.severity === 'error'),
        ws,
      ),
      pieces: [],
    };
  const role = loaded.role;
  if (o.workflow && !role.workflows.some((w) => w.id === o.workflow)) {
    const guess = didYouMean(
      o.workflow,
      role.workflows.map((w) => w.id),
    );
    throw new UsageError(
      `--workflow: the role has no workflow \`${o.workflow}\`${guess ? `; did you mean ${guess}?` : ''}`,
      `Its workflows: ${role.workflows.map((w) => w.id).join(', ')}.`,
    );
  }
  const builtins = loadBuiltins();
  const env = createEnv();
  const template = readTemplateFile('md/draft-brief.md.hbs');
  const compiled = env.compile(template.file, template.text);
  const render = (context: unknown) => `${compiled(context).trimEnd()}\n`;
  const outDir = join(o.cwd, 'drafts', role.id);
  const shownDir = displayPath(outDir, o.cwd);

  // Every missing piece of every workflow gets its brief (the folder always matches the role); --workflow
  // limits what is listed and drafted.
  const all = role.workflows.flatMap((w) => workflowReadiness(w).missing.map((piece) => ({ w, piece })));
  const files = all.map(({ w, piece }) => ({ path: `${w.id}-${piece}.md`, content: render(briefContext(role, w, piece, builtins)) }));
  if (files.length || existsSync(outDir)) await writePack(outDir, asBytes(files), { command: 'draft', shown: shownDir, force: o.force });
  const chosen = all.filter(({ w }) => !o.workflow || w.id === o.workflow);
  const pieces = chosen.map(({ w, piece }) => ({ workflow: w.id, piece, brief: `${shownDir}/${w.id}-${piece}.md` }));
  if (!o.via) return { role: shownRole, diagnostics: [], pieces };

  const yaml = await import('yaml');
  const text = readFileSync(file, 'utf8');
  let drafting = text;
  const working = structuredClone(role);
  const drafted: DraftPiece[] = [];
  const failed: (DraftPiece & { why: string })[] = [];
  // In the order of PIECES within a workflow: materials come back before the brief and the answer key
  // that must follow from them, and those briefs are written again with the drafted materials in them.
  const order = [...pieces].sort((a, b) =>
    a.workflow === b.workflow
      ? PIECES.indexOf(a.piece) - PIECES.indexOf(b.piece)
      : role.workflows.findIndex((w) => w.id === a.workflow) - role.workflows.findIndex((w) => w.id === b.workflow),
  );
  for (const p of order) {
    const wi = working.workflows.findIndex((w) => w.id === p.workflow);
    const w = working.workflows[wi]!;
    const brief = render(briefContext(working, w, p.piece, builtins));
    const result: ViaResult = await runVia(o.via, brief, { cwd: o.cwd, env: ws.env, timeoutMs: o.timeoutSeconds * 1000 });
    if (!result.ok) {
      failed.push({ ...p, why: result.why });
      continue;
    }
    const got = pieceFrom(result.stdout, p.piece, workflowReadiness(w).undiagnosed);
    if ('why' in got) {
      failed.push({ ...p, why: `the command ran, but ${got.why}` });
      continue;
    }
    drafting = apply(yaml, working, drafting, wi, p.piece, got.value);
    drafted.push(p);
  }
  const stem = basename(file, extname(file));
  const draftFile = join(dirname(file), `${stem}.draft.yaml`);
  const shownDraft = displayPath(draftFile, o.cwd);
  if (!drafted.length) return { role: shownRole, diagnostics: [], pieces, via: { drafted, failed, diagnostics: [], diff: '' } };
  const content = `${DRAFT_MARK} from ${basename(file)}: review each piece, move what you keep into the role, then delete this file.\n${drafting}`;
  writeOwnedFile(draftFile, content, { mark: DRAFT_MARK, shown: shownDraft, command: 'draft', force: o.force });
  // Validated as the role it would become: the same id, the same rules, positions in the draft file.
  const again = loadRole(file, ws, root, parseYaml(new TextEncoder().encode(content), shownDraft));
  const { createTwoFilesPatch } = await import('diff');
  const diff = createTwoFilesPatch(shownRole, shownDraft, text, content, '', '', { context: 2 });
  return { role: shownRole, diagnostics: [], pieces, via: { drafted, failed, file: shownDraft, diagnostics: finish(again.diagnostics, ws), diff } };
}
