import { useEffect } from 'react';
import { PageHeader, useToast } from '@petamigos/theme';
import { Link, boot, useLocation, useT, type PageComponent } from '@petamigos/web';
import { PetForm } from './lib/pet-form.js';
import './lib/social.css';

/** `/onboarding`: a new member adds their first pet (or skips), then goes home. */
const OnboardingPage: PageComponent = () => {
  const t = useT('social');
  const toast = useToast();
  const [, setLocation] = useLocation();

  useEffect(() => {
    document.title = `${t('web.onboarding.title')} · ${boot().site.name}`;
  }, [t]);

  return (
    <div className="social-page social-page--narrow">
      <PageHeader title={t('web.onboarding.title')} subtitle={t('web.onboarding.subtitle')} />
      <PetForm
        submitLabel={t('web.onboarding.submit')}
        onSaved={(pet) => {
          toast(t('web.onboarding.done', { name: pet.name }), 'success');
          setLocation('/');
        }}
        footer={<Link href="/" className="social-skip">{t('web.onboarding.skip')}</Link>}
      />
    </div>
  );
};
export default OnboardingPage;
