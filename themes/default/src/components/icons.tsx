import type { ReactElement } from 'react';

// Hand-drawn 24×24 line icons, so no icon library rides along in the bundle. Names are the ones
// plugin manifests use for navigation (`nav: [{ icon: 'home' }]`); anything else gets `dot`.
const ICONS: Record<string, ReactElement> = {
  home: <path d="M4 10.2 12 4l8 6.2V19a1 1 0 0 1-1 1h-4.5v-5.5h-5V20H5a1 1 0 0 1-1-1z" />,
  search: <path d="M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm9 16-4-4" />,
  bell: <path d="M18 16v-5a6 6 0 1 0-12 0v5l-1.5 2h15zm-8 4a2.1 2.1 0 0 0 4 0" />,
  settings: (
    <path d="M10 5.2 10.6 2.8 13.4 2.8 14 5.2 15.4 5.8 17.5 4.5 19.5 6.5 18.2 8.6 18.8 10 21.2 10.6 21.2 13.4 18.8 14 18.2 15.4 19.5 17.5 17.5 19.5 15.4 18.2 14 18.8 13.4 21.2 10.6 21.2 10 18.8 8.6 18.2 6.5 19.5 4.5 17.5 5.8 15.4 5.2 14 2.8 13.4 2.8 10.6 5.2 10 5.8 8.6 4.5 6.5 6.5 4.5 8.6 5.8zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z" />
  ),
  login: <path d="M14 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3m-4-4 4-4-4-4m4 4H4" />,
  logout: <path d="M10 4H7a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h3m5-12 4 4-4 4m4-4H9" />,
  signup: <path d="M9.5 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm-7 16a7 7 0 0 1 14 0M19 8v6m-3-3h6" />,
  user: <path d="M12 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm-7.5 16.5a7.5 7.5 0 0 1 15 0" />,
  users: <path d="M9 4.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8m2 2.8a6.5 6.5 0 0 1 3.5 5.8" />,
  paw: (
    <g fill="currentColor" stroke="none">
      <ellipse cx="4.9" cy="10.6" rx="2" ry="2.5" transform="rotate(-25 4.9 10.6)" />
      <ellipse cx="9.1" cy="6" rx="2.1" ry="2.7" transform="rotate(-8 9.1 6)" />
      <ellipse cx="14.9" cy="6" rx="2.1" ry="2.7" transform="rotate(8 14.9 6)" />
      <ellipse cx="19.1" cy="10.6" rx="2" ry="2.5" transform="rotate(25 19.1 10.6)" />
      <path d="M12 11.6c-2.6 0-5.7 3.5-5.7 6 0 1.6 1.1 2.5 2.5 2.5 1.3 0 2-.7 3.2-.7s1.9.7 3.2.7c1.4 0 2.5-.9 2.5-2.5 0-2.5-3.1-6-5.7-6z" />
    </g>
  ),
  plus: <path d="M12 5v14m-7-7h14" />,
  heart: <path d="M12 20s-7.5-4.4-9-9.2C2 7.6 4.2 5 7.2 5c2 0 3.5 1.2 4.8 2.9C13.3 6.2 14.8 5 16.8 5c3 0 5.2 2.6 4.2 5.8-1.5 4.8-9 9.2-9 9.2z" />,
  close: <path d="m6 6 12 12M18 6 6 18" />,
  chevron: <path d="m6 9 6 6 6-6" />,
  info: <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 8v5m0-8.5v.5" />,
  error: <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 4v6m0 3.5v.5" />,
  success: <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm-4 9.5 2.8 2.8 5.7-5.8" />,
  dot: <path d="M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm0 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z" />,
};

/** Icons that point somewhere; they turn around in right-to-left languages. */
const DIRECTIONAL = new Set(['login', 'logout']);

export function Icon({ name, className }: { name: string | undefined; className?: string }) {
  const key = name && name in ICONS ? name : 'dot';
  return (
    <svg
      className={`pa-icon${DIRECTIONAL.has(key) ? ' pa-icon--directional' : ''}${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {ICONS[key]}
    </svg>
  );
}
