import type { Translate } from '@petamigos/web';

// The ranked feed's reasons (src/services/home.ts) arrive as English sentences; these patterns turn
// them into keys of this plugin's strings so the reader sees them in their language. A reason not
// listed here is shown as the API wrote it.
const REASONS: Array<[RegExp, string]> = [
  [/^your post$/, 'web.why.own'],
  [/^popular with your friends$/, 'web.why.popular'],
  [/^because you often interact with (.+)$/, 'web.why.interact'],
  [/^because you are friends with (.+)$/, 'web.why.friend'],
  [/^because you follow (.+)$/, 'web.why.follow'],
  [/^recent in your network$/, 'web.why.recent'],
];

export function explainWhy(t: Translate, why: string): string {
  for (const [pattern, key] of REASONS) {
    const match = pattern.exec(why);
    if (match) return t(key, { name: match[1] ?? '' });
  }
  return why;
}
