import { PageHeader } from '@petamigos/theme';
export default function SearchPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="SearchPage" />;
}
