import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, Link, useFormat, useSession, useT } from '@petamigos/web';
import { Alert, Avatar, Button, Card, Select, TextArea, useToast } from '@petamigos/theme';
import { RichText } from './rich-text.js';
import { PostMedia } from './media.js';
import { PostPoll } from './poll.js';
import { Reactions } from './reactions.js';
import { Icon } from './icons.js';
import { VisibilityIcon, useVisibilityOptions } from './visibility.js';
import { DeleteDialog, HistoryDialog, ReportDialog, ShareDialog } from './post-dialogs.js';
import { explainWhy } from './why.js';
import type { Author, Post, PostFields, ReactionKind, ReactionState, Visibility } from './types.js';
import './feed.css';

export interface PostCardProps {
  post: Post;
  onChange(post: Post): void;
  onRemove?(id: string): void;
  /** A share the reader just made, for the list to show at the top. */
  onCreated?(post: Post): void;
  /** On the post's own page: no link to itself, the video plays in place. */
  standalone?: boolean;
}

function Byline({ author, post, standalone, onHistory }: { author: Author | null; post: PostFields; standalone?: boolean; onHistory?(): void }) {
  const t = useT('feed');
  const { relative, dateTime } = useFormat();
  const name = author ? author.displayName || author.username : t('web.post.unknownAuthor');
  const time = <time dateTime={post.createdAt} title={dateTime(post.createdAt)}>{relative(post.createdAt)}</time>;
  return (
    <header className="feed-post__head">
      <Avatar src={author?.avatarUrl ?? null} name={name} size="md" />
      <div className="feed-post__who">
        {author ? <Link href={`/u/${author.username}`} className="feed-post__author">{name}</Link> : <span className="feed-post__author">{name}</span>}
        <span className="feed-post__meta">
          {author && <span className="feed-muted" dir="ltr">@{author.username}</span>}
          <span aria-hidden="true"> · </span>
          {standalone ? time : <Link href={`/p/${post.id}`} className="feed-post__time" aria-label={t('web.post.open', { when: relative(post.createdAt) })}>{time}</Link>}
          <span aria-hidden="true"> · </span>
          <VisibilityIcon visibility={post.visibility} />
          {post.editedAt && (
            <>
              <span aria-hidden="true"> · </span>
              {onHistory ? <button type="button" className="feed-link" onClick={onHistory}>{t('web.post.edited')}</button> : <span className="feed-muted">{t('web.post.edited')}</span>}
            </>
          )}
        </span>
      </div>
    </header>
  );
}

/** The post someone shared, shown inside their post without its own actions. */
function SharedPost({ post }: { post: PostFields }) {
  const t = useT('feed');
  return (
    <div className="feed-shared" role="group" aria-label={t('web.post.sharedLabel')}>
      <Byline author={post.author} post={post} />
      {post.text && <RichText text={post.text} />}
      <PostMedia media={post.media} postId={post.id} />
    </div>
  );
}

function EditForm({ post, onDone, onSaved }: { post: Post; onDone(): void; onSaved(post: Post): void }) {
  const t = useT('feed');
  const options = useVisibilityOptions();
  const [text, setText] = useState(post.text);
  const [visibility, setVisibility] = useState<Visibility>(post.visibility);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api.patch<Post>(`/api/feed/posts/${post.id}`, { text, visibility }));
      onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : t('web.errors.network'));
    } finally {
      setBusy(false);
    }
  };
  const textError = error instanceof ApiError ? error.fieldMessage('text') : undefined;
  return (
    <form className="feed-form" onSubmit={(e) => void save(e)}>
      <TextArea label={t('web.post.editText')} value={text} rows={4} maxLength={5000} autoFocus onChange={(e) => setText(e.target.value)} error={textError} />
      <Select label={t('web.composer.visibility')} value={visibility} options={options} onChange={(e) => setVisibility(e.target.value as Visibility)} />
      {error && !textError && <Alert tone="error">{typeof error === 'string' ? error : error.message}</Alert>}
      <div className="feed-form__actions">
        <Button type="button" variant="ghost" onClick={onDone}>{t('web.common.cancel')}</Button>
        <Button type="submit" busy={busy}>{t('web.common.save')}</Button>
      </div>
    </form>
  );
}

type Dialog = 'share' | 'report' | 'delete' | 'history' | null;

/**
 * One post: who wrote it and when, for whom, its text (hashtags and mentions as links), pictures or
 * video, poll, the post it shares, reactions, and what the reader may do with it.
 */
export function PostCard({ post, onChange, onRemove, onCreated, standalone }: PostCardProps) {
  const t = useT('feed');
  const toast = useToast();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [menu, setMenu] = useState(false);
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const menuBox = useRef<HTMLDivElement>(null);
  const mine = !!user && post.author?.id === user.id;
  const moderator = user?.role === 'moderator' || user?.role === 'admin';
  const name = post.author ? post.author.displayName || post.author.username : t('web.post.unknownAuthor');

  // The menu closes with Escape (focus back on its button) or a click anywhere else.
  useEffect(() => {
    if (!menu) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMenu(false);
        menuButton.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!menuBox.current?.contains(event.target as Node)) setMenu(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [menu]);

  const react = async (kind: ReactionKind | null) => {
    try {
      const state = kind
        ? await api.put<ReactionState>(`/api/feed/posts/${post.id}/reactions`, { kind })
        : await api.delete<ReactionState>(`/api/feed/posts/${post.id}/reactions`);
      onChange({ ...post, reactions: state.counts, myReaction: state.mine });
    } catch (caught) {
      toast(caught instanceof ApiError ? caught.message : t('web.errors.network'), 'error');
    }
  };

  const open = (which: Dialog) => {
    // The dialog gives focus back to what had it: the menu's button, not an item of the closed menu.
    if (menu) menuButton.current?.focus();
    setMenu(false);
    setDialog(which);
  };

  return (
    <Card as="article" className="feed-post" aria-label={t('web.post.label', { name })}>
      <Byline author={post.author} post={post} standalone={standalone} onHistory={() => setDialog('history')} />
      {editing ? (
        <EditForm post={post} onDone={() => setEditing(false)} onSaved={onChange} />
      ) : (
        post.text && <RichText text={post.text} />
      )}
      <PostMedia media={post.media} postId={post.id} linkToPost={!standalone} />
      {post.poll && <PostPoll post={post} onChange={onChange} />}
      {post.sharedPost && <SharedPost post={post.sharedPost} />}
      {post.why && (
        <details className="feed-why">
          <summary>{t('web.why.question')}</summary>
          <p>{explainWhy(t, post.why)}</p>
        </details>
      )}
      <footer className="feed-post__actions">
        <Reactions counts={post.reactions} mine={post.myReaction} onReact={react} readOnly={!user} />
        <div className="feed-post__buttons">
          {/* On the post's own page the comments follow right below, with their count as the heading. */}
          {!standalone && (
            <Link href={`/p/${post.id}`} className="feed-action"><Icon name="comment" /> {t('web.post.comments', { count: post.commentCount })}</Link>
          )}
          {user && (
            <button type="button" className="feed-action" onClick={() => open('share')}><Icon name="share" /> {t('web.post.share')}</button>
          )}
          {user && (
            <div ref={menuBox} className="feed-menu">
              <button ref={menuButton} type="button" className="feed-action feed-action--icon" aria-expanded={menu} aria-controls={menuId}
                aria-label={t('web.post.more')} onClick={() => setMenu((m) => !m)}>
                <Icon name="more" />
              </button>
              <ul id={menuId} className="feed-menu__list" hidden={!menu}>
                {mine && <li><button type="button" onClick={() => { setMenu(false); setEditing(true); }}>{t('web.post.edit')}</button></li>}
                {post.editedAt && <li><button type="button" onClick={() => open('history')}>{t('web.post.history')}</button></li>}
                {(mine || moderator) && <li><button type="button" onClick={() => open('delete')}>{t('web.common.delete')}</button></li>}
                {!mine && <li><button type="button" onClick={() => open('report')}>{t('web.post.report')}</button></li>}
              </ul>
            </div>
          )}
        </div>
      </footer>
      {dialog === 'share' && (
        <ShareDialog post={post} onClose={() => setDialog(null)} onShared={(created) => {
          setDialog(null);
          toast(t('web.share.done'), 'success');
          onCreated?.(created);
        }} />
      )}
      {dialog === 'report' && (
        <ReportDialog post={post} onClose={() => setDialog(null)} onReported={() => {
          setDialog(null);
          toast(t('web.report.done'), 'success');
        }} />
      )}
      {dialog === 'delete' && (
        <DeleteDialog title={t('web.post.deleteTitle')} body={t('web.post.deleteBody')} onClose={() => setDialog(null)} onConfirm={async () => {
          await api.delete(`/api/feed/posts/${post.id}`);
          setDialog(null);
          toast(t('web.post.deleted'), 'success');
          onRemove?.(post.id);
        }} />
      )}
      {dialog === 'history' && <HistoryDialog postId={post.id} onClose={() => setDialog(null)} />}
    </Card>
  );
}
