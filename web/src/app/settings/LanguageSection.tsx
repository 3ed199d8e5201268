import { useState } from 'react';
import { Alert, Card, Select, Stack } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { boot } from '../../sdk/boot.js';
import { useLocale, useT } from '../../sdk/i18n.js';
import { useSession } from '../../sdk/session.js';
import { Section } from './Section.js';

/**
 * Every language the platform speaks, each in its own name. Switching loads the new strings at
 * once (and flips the page for Arabic and Urdu), remembers the choice in this browser (cookie) and
 * on the account, so mail and notifications follow.
 */
export function LanguageSection() {
  const t = useT('web');
  const { locale, setLocale } = useLocale();
  const { reload } = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<'saved' | { error: string } | null>(null);

  async function choose(next: string) {
    if (next === locale) return;
    setBusy(true);
    setResult(null);
    try {
      await setLocale(next);
      await api.patch('/api/users/me', { language: next });
      await reload();
      setResult('saved');
    } catch (error) {
      setResult({ error: error instanceof ApiError ? error.message : t('common.networkError') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="language" title={t('settings.language.title')} intro={t('settings.language.intro')}>
      <Card>
        <Stack gap={3}>
          <Select label={t('settings.language.label')} name="language" value={locale} disabled={busy}
            options={boot().locales.map((l) => ({ value: l.locale, label: l.name }))}
            onChange={(e) => void choose(e.target.value)} />
          <div role="status">
            {result === 'saved' && <Alert tone="success">{t('settings.language.saved')}</Alert>}
          </div>
          {result && result !== 'saved' && <Alert tone="error">{result.error}</Alert>}
        </Stack>
      </Card>
    </Section>
  );
}
