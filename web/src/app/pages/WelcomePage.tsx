import { PageHeader } from '@petamigos/theme';
export default function WelcomePage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="WelcomePage" />;
}
