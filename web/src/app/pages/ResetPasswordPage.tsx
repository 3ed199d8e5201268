import { PageHeader } from '@petamigos/theme';
export default function ResetPasswordPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="ResetPasswordPage" />;
}
