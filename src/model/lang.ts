/** The pack languages cocoon ships (issue 26); `en` is the default and the reference catalogue. */
export const LANGUAGES = ['en', 'en-US', 'de', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';

export const isLang = (tag: string): tag is Lang => (LANGUAGES as readonly string[]).includes(tag);
