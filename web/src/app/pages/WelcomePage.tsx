import { Card, Stack } from '@petamigos/theme';
import { boot } from '../../sdk/boot.js';
import { useT } from '../../sdk/i18n.js';
import { Link } from '../../sdk/router.js';
import { useSession } from '../../sdk/session.js';
import '../app.css';
import { isolate } from '../text.js';

/** `/` while no plugin offers a home page: what this place is, and the way in. */
export default function WelcomePage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { user } = useSession();
  const site = boot().site.name;
  return (
    <div className="app-wide">
      <section className="app-hero" aria-labelledby="welcome-title">
        <h1 id="welcome-title">{t('welcome.title', { site })}</h1>
        <p>{t('welcome.tagline')}</p>
        {user ? (
          <>
            <p className="app-text">{t('welcome.signedIn', { name: isolate(user.displayName) })}</p>
            <div className="app-actions">
              <Link className="app-cta" href="/search">{t('welcome.search')}</Link>
              <Link className="app-cta app-cta--secondary" href="/settings">{t('welcome.settings')}</Link>
            </div>
          </>
        ) : (
          <div className="app-actions">
            <Link className="app-cta" href="/signup">{t('welcome.signup')}</Link>
            <Link className="app-cta app-cta--secondary" href="/login">{t('welcome.login')}</Link>
          </div>
        )}
      </section>
      <Stack gap={3}>
        {(['share', 'friends', 'help'] as const).map((point) => (
          <Card key={point} as="section" aria-label={t(`welcome.points.${point}.title`)}>
            <h2 className="app-subtitle">{t(`welcome.points.${point}.title`)}</h2>
            <p className="app-text">{t(`welcome.points.${point}.text`)}</p>
          </Card>
        ))}
      </Stack>
    </div>
  );
}
