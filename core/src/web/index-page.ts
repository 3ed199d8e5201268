import { createHash } from 'node:crypto';

export interface IndexPageInput {
  title: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  theme: { name: string; cssUrl: string | null };
  importMap: Record<string, string>;
  styles: string[];
  entry: string;
  preload: string[];
  /** JSON the app fetches first thing (its strings): requested in parallel with the scripts. */
  preloadFetch?: string[];
  boot: unknown;
  noscript: string;
}

/** JSON that can sit inside a `<script>` element: `<` is escaped so no string can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface IndexPage {
  html: string;
  /** Content-Security-Policy for the page: scripts only from this origin plus the inline import map, by hash. */
  csp: string;
}

/**
 * The single HTML page of the app. Everything the first render needs (the import map that shares
 * React and the SDK, the theme's stylesheet, the boot manifest) is inline, so the browser can fetch
 * the modules at once.
 */
export function renderIndexPage(input: IndexPageInput): IndexPage {
  const importMap = scriptJson({ imports: input.importMap });
  const importMapHash = createHash('sha256').update(importMap).digest('base64');
  const links = [
    ...(input.theme.cssUrl ? [input.theme.cssUrl] : []),
    ...input.styles,
  ].map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`);
  const preloads = [
    ...input.preload.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
    ...(input.preloadFetch ?? []).map((href) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeHtml(href)}">`),
  ];
  const html = `<!doctype html>
<html lang="${escapeHtml(input.locale)}" dir="${input.dir}" data-theme="${escapeHtml(input.theme.name)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${escapeHtml(input.title)}</title>
${links.join('\n')}
<script type="importmap">${importMap}</script>
${preloads.join('\n')}
<script type="application/json" id="petamigos-boot">${scriptJson(input.boot)}</script>
<script type="module" src="${escapeHtml(input.entry)}"></script>
</head>
<body>
<div id="root"></div>
<noscript>${escapeHtml(input.noscript)}</noscript>
</body>
</html>
`;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'sha256-${importMapHash}'`,
    "style-src 'self' 'unsafe-inline'",
    // Uploads may be served by S3/MinIO on another origin.
    "img-src 'self' data: blob: https: http:",
    "media-src 'self' blob: https: http:",
    "connect-src 'self' ws: wss:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}
