/**
 * Wraps a value put into a sentence (a name, an email address, a search query) in Unicode
 * first-strong isolates, so it keeps its own direction: an email address inside Arabic text, or an
 * Arabic name inside English, is not reordered with the words around it.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
