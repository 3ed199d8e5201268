import { PageHeader } from '@petamigos/theme';
export default function VerifyEmailPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="VerifyEmailPage" />;
}
