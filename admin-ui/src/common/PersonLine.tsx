import { Avatar, Badge } from '@petamigos/theme';
import { Link, useT } from '@petamigos/web';
import { useAccess } from '../access.js';
import type { Person } from '../types.js';

/** Someone as admins recognise them: picture, name, @username, and role or suspension when notable. */
export function PersonLine({ person, link = true }: { person: Person; link?: boolean }) {
  const t = useT('admin');
  const access = useAccess();
  const name = (
    <span className="adm-person__names">
      <span className="adm-person__name">{person.displayName}</span> <span className="adm-person__handle">@{person.username}</span>
    </span>
  );
  return (
    <span className="adm-person">
      <Avatar src={person.avatarUrl} name={person.displayName} size="sm" />
      {link && access.sections.has('users') ? <Link href={`/users/${person.id}`}>{name}</Link> : name}
      {person.role !== 'user' && <Badge tone="primary">{t(`roles.${person.role}`)}</Badge>}
      {person.status === 'suspended' && <Badge tone="danger">{t('status.suspended')}</Badge>}
    </span>
  );
}
