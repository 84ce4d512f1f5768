import { withoutControls } from './controls.js';

/**
 * Text for a Word document (WordprocessingML is XML 1.0). The `docx` library escapes `&`, `<`, `>` and
 * quotes; what XML 1.0 cannot hold at all — C0/C1 controls, a lone surrogate half, U+FFFE and U+FFFF —
 * becomes U+FFFD here, so no role value can make a document Word refuses to open. Every run of text the
 * docx renderer writes goes through this one function.
 */
const NOT_XML = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;
export const docxText = (text: string): string => withoutControls(text).replace(NOT_XML, '\uFFFD');
