import { Fragment, type ReactNode } from 'react';
import { Link } from '@petamigos/web';

// The same rules the server parses with (src/services/text.ts), so a link appears exactly where
// the server stored a hashtag or notified a mention. The leading character is kept as plain text.
const TOKEN = /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,64})|(^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{3,30})\b/gu;

/**
 * A post's or comment's text as React elements: plain text nodes, with `#hashtags` linked to
 * `/tags/<tag>` and `@mentions` to `/u/<username>`. Never HTML: whatever the text holds is shown
 * as characters, so markup in it cannot run.
 */
export function RichText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const match of text.matchAll(TOKEN)) {
    const lead = match[1] ?? match[3] ?? '';
    const start = match.index! + lead.length;
    if (start > last) parts.push(text.slice(last, start));
    if (match[2] !== undefined) {
      const tag = match[2];
      parts.push(<Link key={n++} href={`/tags/${encodeURIComponent(tag.toLowerCase())}`} className="feed-tag" dir="auto">#{tag}</Link>);
    } else {
      const name = match[4]!;
      parts.push(<Link key={n++} href={`/u/${encodeURIComponent(name)}`} className="feed-mention" dir="ltr">@{name}</Link>);
    }
    last = match.index! + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  // Line breaks survive through `white-space: pre-line` (feed.css).
  return <div className="feed-text">{parts.map((p, i) => <Fragment key={i}>{p}</Fragment>)}</div>;
}
