import { Redirect, useSession, type PageComponent } from '@petamigos/web';
import { profileHref } from './lib/types.js';

/** `/profile`: one fixed address for "my profile" (themes and menus link here), sent on to `/u/<username>`. */
const MePage: PageComponent = () => {
  const { user } = useSession();
  return user ? <Redirect to={profileHref(user.username)} replace /> : null;
};
export default MePage;
