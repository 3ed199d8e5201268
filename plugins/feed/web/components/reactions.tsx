import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useFormat, useLocale, useT } from '@petamigos/web';
import { REACTIONS, type Counts, type ReactionKind } from './types.js';

export const EMOJI: Record<ReactionKind, string> = { like: '👍', love: '❤️', haha: '😂', wow: '😮', sad: '😢', angry: '😠' };

interface ReactionsProps {
  counts: Counts;
  mine: ReactionKind | null;
  /** Sets (a kind) or takes back (null) the reader's reaction; resolves when the API answered. */
  onReact(kind: ReactionKind | null): Promise<void>;
  /** Signed out: counts only. */
  readOnly?: boolean;
  size?: 'sm' | 'md';
}

/**
 * Reaction counts per kind and the reader's own reaction, with a picker of the six kinds. The main
 * button likes (or takes back whatever the reader chose); the picker opens with Enter, Space or a
 * click, moves with the arrow keys (mirrored in right-to-left), Home and End, and closes with Escape.
 */
export function Reactions({ counts, mine, onReact, readOnly, size = 'md' }: ReactionsProps) {
  const t = useT('feed');
  const { number } = useFormat();
  const { dir } = useLocale();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const picker = useRef<HTMLDivElement>(null);
  const pickerId = useId();
  const total = REACTIONS.reduce((sum, kind) => sum + (counts[kind] ?? 0), 0);

  useEffect(() => {
    if (!open) return;
    const buttons = picker.current?.querySelectorAll<HTMLButtonElement>('button');
    const current = mine ? REACTIONS.indexOf(mine) : 0;
    buttons?.[current]?.focus();
  }, [open, mine]);

  const react = async (kind: ReactionKind | null) => {
    setBusy(true);
    try {
      await onReact(kind);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (kind: ReactionKind) => {
    setOpen(false);
    toggle.current?.focus();
    await react(kind === mine ? null : kind);
  };

  const onPickerKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(picker.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const back = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let next: number | undefined;
    if (event.key === forward || event.key === 'ArrowDown') next = (index + 1) % buttons.length;
    else if (event.key === back || event.key === 'ArrowUp') next = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      toggle.current?.focus();
      return;
    }
    if (next !== undefined) {
      event.preventDefault();
      buttons[next]?.focus();
    }
  };

  const summary = REACTIONS.filter((kind) => (counts[kind] ?? 0) > 0);
  return (
    <div className={`feed-reactions feed-reactions--${size}`}>
      {summary.length > 0 && (
        <ul className="feed-reactions__counts" aria-label={t('web.reactions.summary', { count: total })}>
          {summary.map((kind) => (
            <li key={kind} className={kind === mine ? 'is-mine' : undefined}>
              <span aria-hidden="true">{EMOJI[kind]}</span>
              <span className="feed-sr">{t(`web.reactions.${kind}`)}</span> {number(counts[kind] ?? 0)}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <div className="feed-reactions__controls" onBlur={(event) => {
          if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
        }}>
          <button type="button" className={`feed-action${mine ? ' is-active' : ''}`} aria-pressed={!!mine} disabled={busy}
            onClick={() => void react(mine ? null : 'like')}>
            <span aria-hidden="true">{EMOJI[mine ?? 'like']}</span> {mine ? t(`web.reactions.${mine}`) : t('web.reactions.like')}
          </button>
          <button ref={toggle} type="button" className="feed-action feed-action--icon" aria-haspopup="true" aria-expanded={open} aria-controls={pickerId}
            aria-label={t('web.reactions.choose')} disabled={busy} onClick={() => setOpen((o) => !o)}>
            <span aria-hidden="true">＋</span>
          </button>
          <div ref={picker} id={pickerId} role="toolbar" aria-label={t('web.reactions.choose')} className="feed-picker" hidden={!open} onKeyDown={onPickerKey}>
            {REACTIONS.map((kind) => (
              <button key={kind} type="button" className={kind === mine ? 'is-active' : undefined} aria-pressed={kind === mine} tabIndex={open ? 0 : -1}
                title={t(`web.reactions.${kind}`)} aria-label={t(`web.reactions.${kind}`)} onClick={() => void choose(kind)}>
                <span aria-hidden="true">{EMOJI[kind]}</span>
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
