import { PageHeader } from '@petamigos/theme';
export default function SignupPage(_props: { params: Record<string, string | undefined> }) {
  return <PageHeader title="SignupPage" />;
}
