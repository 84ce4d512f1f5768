// `npm run lint`: typescript-eslint's recommended type-checked rules plus the folder boundaries of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { rule as layers } from './eslint/layers.js';

const FS_WRITES = [
  'writeFileSync',
  'mkdirSync',
  'renameSync',
  'rmSync',
  'rmdirSync',
  'unlinkSync',
  'openSync',
  'appendFileSync',
  'copyFileSync',
  'symlinkSync',
  'writeFile',
  'mkdir',
  'rename',
  'rm',
  'unlink',
  'appendFile',
  'copyFile',
  'open',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', 'tests/fixtures/**', 'tests/golden/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { cocoon: { rules: { layers } } },
    rules: {
      'cocoon/layers': 'error',
      // The code predates the lint; these are style, not boundaries, and are left for later issues.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // Only pipeline/write (and the parse cache, below) writes files.
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'fs', 'fs/promises'].map((name) => ({
            name,
            importNames: FS_WRITES,
            message: 'Only src/pipeline/write/ writes files (ARCHITECTURE.md).',
          })),
        },
      ],
      // Only src/assets/ knows where the package, dist/, schemas and templates are.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/^dist$|^(\\.\\.\\/)+(dist|schema|templates|roles|package\\.json)\\b/]',
          message: 'Only src/assets/ knows the package layout (dist/, schema/, templates/, roles/): import a constant from src/assets/paths.ts.',
        },
        {
          selector: 'TemplateElement[value.raw=/^(\\.\\.\\/)+(dist|schema|templates|roles)\\b/]',
          message: 'Only src/assets/ knows the package layout: import a constant from src/assets/paths.ts.',
        },
      ],
    },
  },
  // The safe reader opens files read-only and non-blocking (openSync with O_RDONLY | O_NONBLOCK); it writes nothing.
  { files: ['src/pipeline/write/**/*.ts', 'src/pipeline/load/parse-cache.ts', 'src/pipeline/load/safe-fs.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Build-time tooling (README blocks) plans a sample pack in a temporary folder and removes it.
  { files: ['src/devtools/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/assets/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } },
);
