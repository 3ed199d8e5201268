import { useEffect, useRef, useState } from 'react';
import { Alert, Avatar, Badge, Button, EmptyState, Modal, Skeleton, Tabs, useToast } from '@petamigos/theme';
import { ApiError, Link, Slot, api, boot, useApi, useFormat, useLocation, useSession, useT, type PageComponent } from '@petamigos/web';
import { ConfirmDialog, type ConfirmRequest } from './lib/confirm.js';
import { EmptyList, PeopleList } from './lib/list-section.js';
import { usePagedList } from './lib/paged-list.js';
import { PersonRow } from './lib/person-row.js';
import { PetCard } from './lib/pet-card.js';
import { PetForm } from './lib/pet-form.js';
import { RelationshipActions } from './lib/relationship-actions.js';
import { API, userPath, type Pet, type Profile } from './lib/types.js';
import './lib/social.css';

type ListName = 'friends' | 'followers' | 'following';
const LISTS: ListName[] = ['friends', 'followers', 'following'];
// Keys written out in full, so a search (or the strings test) finds every one.
const LIST_STRINGS: Record<ListName, { count: string; list: string; empty: string; emptyOwn: string }> = {
  friends: { count: 'web.profile.count.friends', list: 'web.profile.list.friends', empty: 'web.profile.empty.friends', emptyOwn: 'web.profile.emptyOwn.friends' },
  followers: { count: 'web.profile.count.followers', list: 'web.profile.list.followers', empty: 'web.profile.empty.followers', emptyOwn: 'web.profile.emptyOwn.followers' },
  following: { count: 'web.profile.count.following', list: 'web.profile.list.following', empty: 'web.profile.empty.following', emptyOwn: 'web.profile.emptyOwn.following' },
};

/** `/u/:username`: a person, their pets, their friends and follows, and what you can do about them. */
const ProfilePage: PageComponent = ({ params }) => {
  const username = params.username ?? '';
  const t = useT('social');
  const { user: me } = useSession();
  const profile = useApi<Profile>(userPath(username));
  const [blocked, setBlocked] = useState<string | null>(null);
  const data = profile.data?.user.username.toLowerCase() === username.toLowerCase() ? profile.data : undefined;

  useEffect(() => {
    if (data) document.title = `${data.user.displayName} · ${boot().site.name}`;
  }, [data]);
  useEffect(() => setBlocked(null), [username]);

  if (blocked) return <BlockedNotice username={username} name={blocked} onUnblocked={() => { setBlocked(null); void profile.reload(); }} />;
  if (profile.error && (profile.error.status === 404 || profile.error.status === 400)) {
    return (
      <EmptyState title={t('web.profile.unavailable')} action={<Link href="/">{t('web.profile.goHome')}</Link>}>
        <p>{t('web.profile.unavailableBody')}</p>
      </EmptyState>
    );
  }
  if (profile.error && !data) {
    return (
      <Alert tone="error">
        {profile.error.message} <Button type="button" size="sm" variant="ghost" onClick={() => void profile.reload()}>{t('web.retry')}</Button>
      </Alert>
    );
  }
  if (!data) return <ProfileSkeleton />;
  return (
    <ProfileView
      profile={data}
      own={me?.id === data.user.id}
      signedIn={me !== null}
      reload={profile.reload}
      setPets={(pets) => profile.setData((current) => ({ ...current!, pets, counts: { ...current!.counts, pets: pets.length } }))}
      onBlocked={() => setBlocked(data.user.displayName)}
    />
  );
};
export default ProfilePage;

function ProfileSkeleton() {
  const t = useT('social');
  return (
    <div className="social-page">
      <div className="social-profile-head">
        <div className="social-skeleton-avatar" aria-hidden="true" />
        <Skeleton lines={3} label={t('web.loading')} />
      </div>
      <div className="social-pet-grid" aria-hidden="true">
        <Skeleton height="14rem" />
        <Skeleton height="14rem" />
      </div>
    </div>
  );
}

interface ViewProps {
  profile: Profile;
  own: boolean;
  signedIn: boolean;
  reload(): Promise<void>;
  setPets(pets: Pet[]): void;
  onBlocked(): void;
}

function ProfileView({ profile, own, signedIn, reload, setPets, onBlocked }: ViewProps) {
  const t = useT('social');
  const format = useFormat();
  const [location] = useLocation();
  const [list, setList] = useState<ListName>('friends');
  const [version, setVersion] = useState(0);
  const connections = useRef<HTMLElement>(null);
  const { user, counts, relationship } = profile;

  const changed = async () => {
    await reload();
    setVersion((v) => v + 1);
  };
  const showList = (name: ListName) => {
    setList(name);
    connections.current?.focus();
  };

  return (
    <div className="social-page">
      <header className="social-profile-head">
        <Avatar src={user.avatarUrl} name={user.displayName} size="lg" />
        <div className="social-profile-head__text">
          <h1 className="social-profile-head__name" dir="auto">{user.displayName}</h1>
          <p className="social-muted">
            <bdi>@{user.username}</bdi>
            {user.verified && <> <Badge tone="primary">{t('web.profile.verified')}</Badge></>}
            {relationship?.followedBy && <> <Badge>{t('web.profile.followsYou')}</Badge></>}
          </p>
          {user.bio && <p className="social-text" dir="auto">{user.bio}</p>}
          <p className="social-muted">{t('web.profile.joined', { date: format.date(user.createdAt, { year: 'numeric', month: 'long' }) })}</p>
        </div>
        <ul className="social-counts" aria-label={t('web.profile.connections')}>
          {LISTS.map((name) => (
            <li key={name}>
              <button type="button" className="social-count" onClick={() => showList(name)}>
                {t(LIST_STRINGS[name].count, { count: counts[name] })}
              </button>
            </li>
          ))}
        </ul>
      </header>

      {own ? (
        <div className="social-actions">
          <Link href="/settings/profile" className="social-link-button">{t('web.profile.editProfile')}</Link>
        </div>
      ) : relationship ? (
        <RelationshipActions profile={profile} onChanged={changed} onBlocked={onBlocked} />
      ) : !signedIn ? (
        <p>
          <Link href={`/login?next=${encodeURIComponent(location)}`}>{t('web.profile.signInToConnect', { name: user.displayName })}</Link>
        </p>
      ) : null}

      <PetsSection profile={profile} own={own} setPets={setPets} />

      <section className="social-section" aria-labelledby="social-connections-title" ref={connections} tabIndex={-1}>
        <h2 id="social-connections-title">{t('web.profile.connections')}</h2>
        <Tabs
          label={t('web.profile.connections')}
          tabs={LISTS.map((name) => ({ id: name, label: t(LIST_STRINGS[name].list) }))}
          active={list}
          onChange={(id) => setList(id as ListName)}
        />
        <div role="tabpanel" aria-label={t(LIST_STRINGS[list].list)}>
          <Connections key={`${list}:${version}`} username={user.username} list={list} own={own} />
        </div>
      </section>

      {/* Other plugins add their own sections here (the feed adds the person's posts). */}
      <Slot name="profile.tabs" props={{ username: user.username, userId: user.id }} />
    </div>
  );
}

function Connections({ username, list, own }: { username: string; list: ListName; own: boolean }) {
  const t = useT('social');
  const format = useFormat();
  const people = usePagedList(`${userPath(username)}/${list}`);
  return (
    <PeopleList
      list={people}
      label={t(LIST_STRINGS[list].list)}
      empty={<EmptyList text={t(own ? LIST_STRINGS[list].emptyOwn : LIST_STRINGS[list].empty)} />}
      render={(entry) => <PersonRow key={entry.user.id} user={entry.user} note={t('web.since', { date: format.date(entry.since) })} />}
    />
  );
}

function PetsSection({ profile, own, setPets }: { profile: Profile; own: boolean; setPets(pets: Pet[]): void }) {
  const t = useT('social');
  const toast = useToast();
  const [editing, setEditing] = useState<Pet | 'new' | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const { pets, user } = profile;

  const saved = (pet: Pet) => {
    setPets(pets.some((p) => p.id === pet.id) ? pets.map((p) => (p.id === pet.id ? pet : p)) : [...pets, pet]);
    setEditing(null);
    toast(t('web.profile.petSaved', { name: pet.name }), 'success');
  };
  const remove = (pet: Pet) => setConfirm({
    title: t('web.profile.confirmDeletePet', { name: pet.name }),
    body: t('web.profile.deletePetExplained'),
    confirmLabel: t('web.profile.deletePet'),
    danger: true,
    run: async () => {
      try {
        await api.delete(`${API}/pets/${pet.id}`);
        setPets(pets.filter((p) => p.id !== pet.id));
        toast(t('web.profile.petDeleted', { name: pet.name }), 'success');
      } catch (error) {
        toast(error instanceof ApiError ? error.message : t('web.error.network'), 'error');
      }
    },
  });

  return (
    <section className="social-section" aria-labelledby="social-pets-title">
      <div className="social-section__head">
        <h2 id="social-pets-title">{t('web.profile.pets')}</h2>
        {own && pets.length > 0 && <Button type="button" size="sm" onClick={() => setEditing('new')}>{t('web.profile.addPet')}</Button>}
      </div>
      {pets.length === 0 ? (
        <EmptyState
          title={own ? t('web.profile.noPetsOwn') : t('web.profile.noPets', { name: user.displayName })}
          action={own ? <Button type="button" onClick={() => setEditing('new')}>{t('web.profile.addPet')}</Button> : undefined}
        />
      ) : (
        <ul className="social-pet-grid">
          {pets.map((pet) => (
            <li key={pet.id}>
              <PetCard
                pet={pet}
                actions={own ? (
                  <>
                    <Button type="button" size="sm" variant="secondary" aria-label={t('web.profile.editPetNamed', { name: pet.name })} onClick={() => setEditing(pet)}>{t('web.profile.editPet')}</Button>
                    <Button type="button" size="sm" variant="ghost" aria-label={t('web.profile.deletePetNamed', { name: pet.name })} onClick={() => remove(pet)}>{t('web.profile.deletePet')}</Button>
                  </>
                ) : undefined}
              />
            </li>
          ))}
        </ul>
      )}
      {own && (
        <Modal
          open={editing !== null}
          title={editing === 'new' || editing === null ? t('web.profile.addPet') : t('web.profile.editPetNamed', { name: editing.name })}
          onClose={() => setEditing(null)}
          closeLabel={t('web.dialog.close')}
        >
          {editing !== null && (
            <PetForm
              key={editing === 'new' ? 'new' : editing.id}
              pet={editing === 'new' ? undefined : editing}
              submitLabel={editing === 'new' ? t('web.profile.addPet') : t('web.petForm.save')}
              onSaved={saved}
              onCancel={() => setEditing(null)}
            />
          )}
        </Modal>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}

/** After blocking: the profile is gone for both; say so, and offer to take it back. */
function BlockedNotice({ username, name, onUnblocked }: { username: string; name: string; onUnblocked(): void }) {
  const t = useT('social');
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const unblock = async () => {
    setBusy(true);
    try {
      await api.delete(`/api/users/${encodeURIComponent(username)}/block`);
      toast(t('web.actions.unblocked', { name }), 'success');
      onUnblocked();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : t('web.error.network'), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <EmptyState title={t('web.actions.blocked', { name })} action={<Button type="button" variant="secondary" busy={busy} disabled={busy} onClick={() => void unblock()}>{t('web.actions.unblock')}</Button>}>
      <p>{t('web.actions.blockExplained')}</p>
    </EmptyState>
  );
}
