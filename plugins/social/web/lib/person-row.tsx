import type { ReactNode } from 'react';
import { Avatar, Badge } from '@petamigos/theme';
import { Link, useT } from '@petamigos/web';
import { profileHref, type PublicUser } from './types.js';

/** A person in a list: avatar, name linking to their profile, @username, a note, and actions. */
export function PersonRow({ user, note, actions }: { user: PublicUser; note?: ReactNode; actions?: ReactNode }) {
  const t = useT('social');
  return (
    <li className="social-person">
      <Avatar src={user.avatarUrl} name={user.displayName} size="md" />
      <div className="social-person__who">
        <Link href={profileHref(user.username)} className="social-person__name" dir="auto">{user.displayName}</Link>
        {user.verified && <Badge tone="primary">{t('web.profile.verified')}</Badge>}
        <span className="social-muted social-person__handle"><bdi>@{user.username}</bdi></span>
        {note && <span className="social-muted social-person__note">{note}</span>}
      </div>
      {actions && <div className="social-person__actions">{actions}</div>}
    </li>
  );
}
