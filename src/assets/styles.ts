import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from './once.js';
import { TEMPLATES_DIR } from './paths.js';

/** templates/html/style.css: inlined into every HTML page. */
export const htmlStylesheet = once((): string => readFileSync(join(TEMPLATES_DIR, 'html', 'style.css'), 'utf8'));

/** templates/slides/cocoon.css: the Marp theme every deck carries. */
export const slidesTheme = once((): string => readFileSync(join(TEMPLATES_DIR, 'slides', 'cocoon.css'), 'utf8'));
