/** Hashtags: letters, digits and underscores in any script, stored lower-cased so `#Perro` and `#perro` meet. */
export function parseHashtags(text: string): string[] {
  const tags = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,64})/gu)) tags.add(m[1]!.toLowerCase());
  return [...tags].slice(0, 30);
}

/** Mentions use the kernel's username rule; whether the person exists is the caller's question. */
export function parseMentions(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{3,30})\b/g)) names.add(m[1]!.toLowerCase());
  return [...names].slice(0, 20);
}
