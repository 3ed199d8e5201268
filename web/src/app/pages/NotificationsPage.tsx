import { PageHeader } from '@petamigos/theme';
export default function NotificationsPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="NotificationsPage" />;
}
