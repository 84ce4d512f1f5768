import ts from 'typescript';

/**
 * Finds module-level mutable state in TypeScript modules (ARCHITECTURE.md, "Where state lives"): what
 * lives as long as the process instead of as long as a run. Reported, per module:
 * - a top-level `let` or `var`;
 * - a top-level `const` made with `new Map/Set/WeakMap/WeakSet/Array/…`, unless typed ReadonlyMap or
 *   ReadonlySet (the compiler then refuses every change);
 * - a top-level `const` made by `once(…)` or by calling a function on the spot (state in a closure);
 * - a `static` class field that is not `readonly`;
 * - anything, anywhere, that changes a top-level `const` of any module: `X.a = …`, `X[i] = …`, `delete
 *   X.a`, `X.a++`, `X.push(…)`/`.set`/`.add`/…, `Object.assign(X, …)` — resolved with the type checker, so
 *   a local of the same name is not mistaken for it, and an imported one is found in the module it is from;
 * - writing to `globalThis`, `global` or `process.env`.
 */
export interface StateFinding {
  /** The module holding the state (for a change: the module that declares what is changed). */
  file: string;
  line: number;
  what: string;
}

const STATEFUL_CONSTRUCTORS = new Set([
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Array',
  'WeakRef',
  'FinalizationRegistry',
  'Int8Array',
  'Uint8Array',
  'Int32Array',
  'Float64Array',
  'SharedArrayBuffer',
  'ArrayBuffer',
]);
const READONLY_TYPES = new Set(['ReadonlyMap', 'ReadonlySet', 'ReadonlyArray']);
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const GLOBALS = new Set(['globalThis', 'global']);

const unwrap = (e: ts.Expression): ts.Expression => {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x) || ts.isNonNullExpression(x) || ts.isTypeAssertionExpression(x))
    x = x.expression;
  return x;
};

/**
 * The identifier an access chain starts from (`a` in `a.b[c].d`) and the accesses crossed. A call on the
 * way (`make().x`) means the object is a call's result, not the identifier's value: no root.
 */
function rootOf(e: ts.Expression): { id?: ts.Identifier; through: string[] } {
  const through: string[] = [];
  let x = unwrap(e);
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) {
    through.unshift(ts.isPropertyAccessExpression(x) ? x.name.text : '[]');
    x = unwrap(x.expression);
  }
  return ts.isIdentifier(x) ? { id: x, through } : { through };
}

const isTopLevel = (decl: ts.Node): boolean =>
  ts.isVariableDeclaration(decl) &&
  ts.isVariableDeclarationList(decl.parent) &&
  ts.isVariableStatement(decl.parent.parent) &&
  ts.isSourceFile(decl.parent.parent.parent);

const lineOf = (sf: ts.SourceFile, node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

/**
 * Scan the given modules of a program. `name(file)` turns a file name into the one reported (and
 * matched against the allowlist by the caller).
 */
export function scanState(program: ts.Program, files: readonly string[]): StateFinding[] {
  const checker = program.getTypeChecker();
  const out: StateFinding[] = [];
  // Only what these modules declare: `process.exitCode = …` in the bin's entry changes no module's state.
  const scanned = new Set(files);
  for (const fileName of files) {
    const sf = program.getSourceFile(fileName);
    if (!sf) throw new Error(`not in the program: ${fileName}`);
    for (const st of sf.statements) {
      if (ts.isVariableStatement(st)) {
        const flags = st.declarationList.flags;
        const isConst = (flags & ts.NodeFlags.Const) !== 0;
        for (const d of st.declarationList.declarations) {
          const name = d.name.getText(sf);
          if (!isConst) {
            out.push({ file: fileName, line: lineOf(sf, d), what: `top-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'} ${name}` });
            continue;
          }
          if (!d.initializer) continue;
          const init = unwrap(d.initializer);
          if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && STATEFUL_CONSTRUCTORS.has(init.expression.text)) {
            const typeName = d.type && ts.isTypeReferenceNode(d.type) ? d.type.typeName.getText(sf) : undefined;
            if (!typeName || !READONLY_TYPES.has(typeName))
              out.push({ file: fileName, line: lineOf(sf, d), what: `top-level const ${name} = new ${init.expression.text}(…)` });
          } else if (ts.isCallExpression(init)) {
            const callee = unwrap(init.expression);
            if (ts.isIdentifier(callee) && callee.text === 'once')
              out.push({ file: fileName, line: lineOf(sf, d), what: `top-level const ${name} = once(…), a memo` });
            else if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee))
              out.push({ file: fileName, line: lineOf(sf, d), what: `top-level const ${name} = a function called on the spot (state in its closure)` });
          }
        }
      } else if (ts.isClassDeclaration(st)) {
        for (const m of st.members) {
          const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
          if (
            ts.isPropertyDeclaration(m) &&
            mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) &&
            !mods.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword)
          )
            out.push({ file: fileName, line: lineOf(sf, m), what: `static field ${st.name?.text ?? 'class'}.${m.name.getText(sf)}` });
        }
      }
    }
    /** `target` is changed at `at`; `itself`: the value of target is changed (a method call), not one of its parts. */
    const changed = (target: ts.Expression, at: ts.Node, how: string, itself = false): void => {
      const { id, through } = rootOf(target);
      if (!id) return;
      if (GLOBALS.has(id.text) && (through.length || itself)) {
        out.push({ file: fileName, line: lineOf(sf, at), what: `${how} ${[id.text, ...through].join('.')}` });
        return;
      }
      if (id.text === 'process' && through[0] === 'env') {
        out.push({ file: fileName, line: lineOf(sf, at), what: `${how} process.env` });
        return;
      }
      if (!through.length && !itself) return;
      let symbol = checker.getSymbolAtLocation(id);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (!decl || !isTopLevel(decl) || !scanned.has(decl.getSourceFile().fileName)) return;
      const home = decl.getSourceFile();
      out.push({ file: home.fileName, line: lineOf(home, decl), what: `top-level const ${id.text} ${how} at ${fileName}:${lineOf(sf, at)}` });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment)
        changed(node.left, node, 'assigned');
      else if (
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
      )
        changed(node.operand, node, 'incremented');
      else if (ts.isDeleteExpression(node)) changed(node.expression, node, 'deleted from');
      else if (ts.isCallExpression(node)) {
        const callee = unwrap(node.expression);
        if (ts.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(callee.name.text))
          changed(callee.expression, node, `changed by .${callee.name.text}()`, true);
        // Object.assign(X, …) and its kin change X itself.
        if (
          ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'Object' &&
          ['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf'].includes(callee.name.text) &&
          node.arguments[0]
        )
          changed(node.arguments[0], node, `changed by Object.${callee.name.text}()`, true);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** A program over in-memory modules (name → text), for showing the scanner on planted code. */
export function programOf(modules: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    noLib: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const real = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
  host.getSourceFile = (name, version, ...rest) =>
    name in modules ? ts.createSourceFile(name, modules[name]!, version, true) : real.getSourceFile(name, version, ...rest);
  host.fileExists = (name) => name in modules || real.fileExists(name);
  host.readFile = (name) => modules[name] ?? real.readFile(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => Object.keys(modules).some((m) => m.startsWith(`${dir}/`)) || (directoryExists?.(dir) ?? false);
  return ts.createProgram(Object.keys(modules), options, host);
}
