/**
 * Pack languages (issue 26). cocoon ships catalogues for LANGUAGES; `en` is the default and the
 * reference catalogue. A project may add another language as templates_dir/messages/<tag>.yaml: any
 * well-formed BCP 47 tag, whose missing messages fall back to its base language, then to `en`.
 */
export const LANGUAGES = ['en', 'en-US', 'de', 'fr'] as const;
export type Lang = string;

/** A language tag cocoon can use for Intl and as a catalogue file name: "de", "en-US", "pt-BR". */
export function isLangTag(tag: string): boolean {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** Where a message missing in `lang` is looked up next: the base language, then en ("de-AT" → de-AT, de, en). */
export function fallbackChain(lang: string): string[] {
  const chain = [lang];
  const base = lang.split('-')[0]!;
  if (base !== lang) chain.push(base);
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/** The primary language: "de" of "de-AT". */
export const baseLang = (lang: string): string => lang.split('-')[0]!.toLowerCase();

/** The language tag a page declares (html lang, a deck's lang): cocoon's English is British English. */
export const pageLang = (lang: string): string => (lang === 'en' ? 'en-GB' : lang);
