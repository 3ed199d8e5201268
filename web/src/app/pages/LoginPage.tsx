import { PageHeader } from '@petamigos/theme';
export default function LoginPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="LoginPage" />;
}
