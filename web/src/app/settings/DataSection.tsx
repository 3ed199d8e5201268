import { useState } from 'react';
import { Alert, Button, Card, Stack } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import type { Me } from '../../sdk/session.js';
import { Section } from './Section.js';

/** A copy of everything the site keeps about the user, as one JSON file. */
export function DataSection({ user }: { user: Me }) {
  const t = useT('web');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function download() {
    setBusy(true);
    setResult(null);
    try {
      // Through the API client (the export needs the bearer token), then handed to the browser as a file.
      const data = await api.get<unknown>('/api/users/me/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `petamigos-${user.username}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setResult({ tone: 'success', text: t('settings.data.started') });
    } catch (error) {
      setResult({ tone: 'error', text: error instanceof ApiError ? error.message : t('common.networkError') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="data" title={t('settings.data.title')} intro={t('settings.data.intro')}>
      <Card>
        <Stack gap={3}>
          {result && <Alert tone={result.tone}>{result.text}</Alert>}
          <Button onClick={() => void download()} busy={busy} disabled={busy}>{t('settings.data.download')}</Button>
        </Stack>
      </Card>
    </Section>
  );
}
