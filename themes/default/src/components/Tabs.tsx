import { useRef, type KeyboardEvent } from 'react';
import type { ThemeModule } from '@petamigos/web';

/**
 * A tab list with a roving tabindex: Tab enters at the selected tab, the arrow keys move and select
 * (Left and Right swap in right-to-left languages), Home and End jump to the ends.
 */
export const Tabs: ThemeModule['Tabs'] = ({ label, tabs, active, onChange }) => {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const selected = Math.max(0, tabs.findIndex((tab) => tab.id === active));
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const forward = getComputedStyle(event.currentTarget).direction === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = forward === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
    const target = { [forward]: index + 1, [backward]: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tabs.length) % tabs.length;
    buttons.current[next]?.focus();
    onChange(tabs[next]!.id);
  };
  return (
    <div className="pa-tabs" role="tablist" aria-label={label}>
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="tab"
          className="pa-tab"
          aria-selected={index === selected}
          tabIndex={index === selected ? 0 : -1}
          onClick={() => onChange(tab.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
};
