import { PageHeader } from '@petamigos/theme';
export default function SettingsPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="SettingsPage" />;
}
