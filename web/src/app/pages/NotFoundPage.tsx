import { PageHeader } from '@petamigos/theme';
export default function NotFoundPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="NotFoundPage" />;
}
