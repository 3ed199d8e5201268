import { useMemo } from 'react';
import { PageHeader, Skeleton, Stack, Tabs } from '@petamigos/theme';
import { boot } from '../../sdk/boot.js';
import { Slot } from '../../sdk/extensions.js';
import { useT } from '../../sdk/i18n.js';
import { Redirect, useLocation } from '../../sdk/router.js';
import { useSession } from '../../sdk/session.js';
import { DataSection } from '../settings/DataSection.js';
import { DeleteAccountSection } from '../settings/DeleteAccountSection.js';
import { LanguageSection } from '../settings/LanguageSection.js';
import { ProfileSection } from '../settings/ProfileSection.js';
import { SecuritySection } from '../settings/SecuritySection.js';
import { SessionsSection } from '../settings/SessionsSection.js';
import { Section } from '../settings/Section.js';
import { ThemeSection } from '../settings/ThemeSection.js';
import '../app.css';

const CORE_SECTIONS = ['profile', 'language', 'theme', 'security', 'sessions', 'data', 'account'] as const;
/** Where plugins' settings live (the `settings.sections` slot), shown only when a plugin fills it. */
const PLUGIN_SECTION = 'more';

/** `/settings/:section?`: one section at a time, each with its own address. */
export default function SettingsPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { user } = useSession();
  const [, navigate] = useLocation();
  const hasPluginSections = useMemo(() => boot().plugins.some((p) => p.slots.some((s) => s.slot === 'settings.sections')), []);
  const ids: string[] = [...CORE_SECTIONS, ...(hasPluginSections ? [PLUGIN_SECTION] : [])];
  const section = params.section ?? 'profile';

  if (!ids.includes(section)) return <Redirect to="/settings" replace />;
  if (!user) return <Skeleton lines={4} label={t('loading')} />;

  return (
    <div className="app-wide">
      <Stack gap={4}>
        <PageHeader title={t('settings.title')} />
        <Tabs label={t('settings.sectionsLabel')} active={section} onChange={(id) => navigate(id === 'profile' ? '/settings' : `/settings/${id}`)}
          tabs={ids.map((id) => ({ id, label: t(`settings.tabs.${id}`) }))} />
        <div role="tabpanel" aria-label={t(`settings.tabs.${section}`)}>
          {section === 'profile' && <ProfileSection key={user.id} user={user} />}
          {section === 'language' && <LanguageSection />}
          {section === 'theme' && <ThemeSection />}
          {section === 'security' && <SecuritySection user={user} />}
          {section === 'sessions' && <SessionsSection />}
          {section === 'data' && <DataSection user={user} />}
          {section === 'account' && <DeleteAccountSection user={user} />}
          {section === PLUGIN_SECTION && (
            <Section id={PLUGIN_SECTION} title={t('settings.tabs.more')}>
              {/* Plugins render their own cards here (the feed plugin's wellbeing settings, …). */}
              <Slot name="settings.sections" props={{ user }} />
            </Section>
          )}
        </div>
      </Stack>
    </div>
  );
}
