import { useState, type FormEvent } from 'react';
import { Button, Card } from '@petamigos/theme';
import { boot } from '../../sdk/boot.js';
import { useT } from '../../sdk/i18n.js';
import { Section } from './Section.js';

const THEME_COOKIE = 'petamigos_theme';

/**
 * The look of the site, among the themes the server has. A theme is the page's shell and its
 * stylesheet, picked by the server from a cookie, so applying one reloads the page. (Radios and an
 * apply button rather than reload-on-change: arrow keys move through radios.)
 */
export function ThemeSection() {
  const t = useT('web');
  const { name: current, available } = boot().theme;
  const [selected, setSelected] = useState(current);
  const [applying, setApplying] = useState(false);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (selected === current) return;
    setApplying(true);
    document.cookie = `${THEME_COOKIE}=${encodeURIComponent(selected)}; path=/; max-age=31536000; samesite=lax`;
    window.location.reload();
  }

  return (
    <Section id="theme" title={t('settings.theme.title')} intro={t('settings.theme.intro')}>
      <Card>
        <form className="app-form" onSubmit={apply} aria-label={t('settings.theme.title')}>
          <fieldset className="app-options">
            <legend>{t('settings.theme.label')}</legend>
            {available.map((theme) => (
              <label key={theme.name} className="app-option">
                <input type="radio" name="theme" value={theme.name} checked={selected === theme.name} onChange={() => setSelected(theme.name)} />
                <span>{theme.label}</span>
                {theme.name === current && <span className="app-muted">({t('settings.theme.current')})</span>}
              </label>
            ))}
          </fieldset>
          <Button type="submit" disabled={selected === current || applying} busy={applying}>{t('settings.theme.apply')}</Button>
        </form>
      </Card>
    </Section>
  );
}
