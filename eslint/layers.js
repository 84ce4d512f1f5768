// The import directions of src/, as an ESLint rule: cli → app → pipeline → model, rules see only the
// model and source positions, assets/ is a leaf. It resolves every relative specifier (static imports,
// re-exports and `await import()`) against the importing file, so a folder is judged by where the
// module is, not by how the path is spelled. ARCHITECTURE.md explains each line of LAYERS.
import { dirname, join, relative, sep } from 'node:path';

/** The layer of a file under src/: its top folder, or pipeline/<stage>. */
export function layerOf(srcRelative) {
  const parts = srcRelative.split(/[\\/]/);
  if (parts[0] === 'pipeline' && parts.length > 2) return `pipeline/${parts[1]}`;
  return parts.length > 1 ? parts[0] : '(root)';
}

const PIPELINE = ['load', 'validate', 'plan', 'lint', 'render', 'write', 'report', 'evidence'].map((s) => `pipeline/${s}`);

/**
 * Who may import whom. Each pipeline stage names the stages it reads, and nothing else: the data path
 * is load → validate → plan → lint → render → write, with report and evidence reading the forms and the
 * plan's pages beside it. A new edge (validate → render, say) fails `npm run lint` until it is declared
 * here, with its reason in ARCHITECTURE.md. No stage reaches up into app/ or cli/.
 */
const STAGE_READS = {
  // The safe reader (load/safe-fs.ts) and the YAML positions live in load; every stage reads files through it.
  load: [],
  validate: ['load'],
  plan: [],
  // Rules run on the plan, with source positions.
  lint: ['load', 'plan'],
  // Pages read the plan; templates and CSV text come through load's reader.
  render: ['load', 'plan'],
  // The writer reads back what it wrote through the safe reader.
  write: ['load'],
  // The report reads the forms (render's form definitions and skills check) and words its findings as lint rules do.
  report: ['load', 'lint', 'render'],
  // The record reads the plan, the report's numbers and gate, renders its pages with the pack's renderer and
  // writes its register as CSV text through load's CSV module (the one reader and writer of the forms' format).
  evidence: ['load', 'lint', 'plan', 'render', 'report'],
};
/** Stages that may import assets/ (paths, prebuilt validators and templates, lazily loaded libraries) or rules/. */
const STAGE_ALSO = { load: ['assets'], validate: ['assets'], render: ['assets'], lint: ['rules'], report: ['rules'] };

export const LAYERS = {
  cli: ['cli', 'app', 'model', 'assets', 'rules'],
  app: ['app', ...PIPELINE, 'model', 'assets', 'rules'],
  ...Object.fromEntries(
    Object.entries(STAGE_READS).map(([s, reads]) => [
      `pipeline/${s}`,
      [`pipeline/${s}`, ...reads.map((r) => `pipeline/${r}`), 'model', ...(STAGE_ALSO[s] ?? [])],
    ]),
  ),
  model: ['model'],
  assets: ['assets'],
  // Rules get the plan's types, source positions, and (slides rules) the deck model they measure.
  rules: ['rules', 'model'],
  devtools: ['devtools', 'app', ...PIPELINE, 'model', 'assets', 'rules'],
};

/** Single modules outside a rule's layers that it may still import: [from layer, target file, types only?]. */
export const EXCEPTIONS = [
  ['rules', 'pipeline/load/source.ts', false],
  ['rules', 'pipeline/plan/plan.ts', true],
  ['rules', 'pipeline/render/deck.ts', false],
];

export const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import directions between the folders of src/ (ARCHITECTURE.md)' },
    schema: [],
    messages: {
      wrongWay: '{{from}}/ must not import {{to}}/ ({{target}}): imports go cli → app → pipeline → model; see ARCHITECTURE.md.',
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const src = join(context.cwd ?? process.cwd(), 'src');
    const rel = relative(src, file);
    if (rel.startsWith('..')) return {};
    const from = layerOf(rel);
    const allowed = LAYERS[from];
    if (!allowed) return {};
    function check(node, source, typeOnly) {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = relative(src, join(dirname(file), source.value))
        .replace(/\.js$/, '.ts')
        .split(sep)
        .join('/');
      if (target.startsWith('..')) return;
      const to = layerOf(target);
      if (allowed.includes(to)) return;
      if (EXCEPTIONS.some(([l, t, typesOnly]) => l === from && t === target && (!typesOnly || typeOnly))) return;
      context.report({ node: source, messageId: 'wrongWay', data: { from, to, target } });
    }
    const typeOnly = (node) => node.importKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
    };
  },
};
