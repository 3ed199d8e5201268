import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, Link, useFormat, useSession, useT } from '@petamigos/web';
import { Alert, Avatar, Badge, Button, Skeleton, TextArea, useToast } from '@petamigos/theme';
import { RichText } from './rich-text.js';
import { Reactions } from './reactions.js';
import { DeleteDialog } from './post-dialogs.js';
import type { Comment, Counts, Page, Post, ReactionKind, ReactionState } from './types.js';

const MAX_DEPTH = 3;

interface Node {
  comment: Comment | null;
  id: string;
  children: Node[];
}

/** Flat comments (oldest first, each with its parent) as a tree; a reply whose parent was deleted hangs under a "deleted" placeholder. */
function buildTree(comments: Comment[]): Node[] {
  const nodes = new Map<string, Node>();
  for (const c of comments) nodes.set(c.id, { comment: c, id: c.id, children: [] });
  const roots: Node[] = [];
  for (const c of comments) {
    const node = nodes.get(c.id)!;
    if (!c.parentId) {
      roots.push(node);
      continue;
    }
    let parent = nodes.get(c.parentId);
    if (!parent) {
      parent = { comment: null, id: c.parentId, children: [] };
      nodes.set(c.parentId, parent);
      roots.push(parent);
    }
    parent.children.push(node);
  }
  return roots;
}

function CommentForm({ label, initial = '', submitLabel, onSubmit, onCancel, autoFocus }: {
  label: string; initial?: string; submitLabel: string; onSubmit(text: string): Promise<void>; onCancel?(): void; autoFocus?: boolean;
}) {
  const t = useT('feed');
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(text);
      setText('');
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldMessage('text') ?? caught.message) : t('web.errors.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="feed-form feed-comment-form" onSubmit={(e) => void submit(e)}>
      <TextArea label={label} value={text} rows={2} maxLength={2000} autoFocus={autoFocus} onChange={(e) => setText(e.target.value)} error={error} />
      <div className="feed-form__actions">
        {onCancel && <Button type="button" size="sm" variant="ghost" onClick={onCancel}>{t('web.common.cancel')}</Button>}
        <Button type="submit" size="sm" busy={busy} disabled={!text.trim()}>{submitLabel}</Button>
      </div>
    </form>
  );
}

interface ThreadProps {
  post: Post;
  nodes: Node[];
  mine: Record<string, ReactionKind | null>;
  actions: CommentActions;
}

interface CommentActions {
  reply(parent: Comment, text: string): Promise<void>;
  edit(comment: Comment, text: string): Promise<void>;
  remove(comment: Comment): Promise<void>;
  hide(comment: Comment, hidden: boolean): Promise<void>;
  react(comment: Comment, kind: ReactionKind | null): Promise<void>;
}

function CommentItem({ node, post, mine, actions }: { node: Node } & Omit<ThreadProps, 'nodes'>) {
  const t = useT('feed');
  const { relative, dateTime } = useFormat();
  const { user } = useSession();
  const [mode, setMode] = useState<'read' | 'reply' | 'edit'>('read');
  const [confirm, setConfirm] = useState(false);
  const headingId = useId();
  const c = node.comment;
  const children = node.children.length > 0 && (
    <ul className="feed-comments__list">
      {node.children.map((child) => <CommentItem key={child.id} node={child} post={post} mine={mine} actions={actions} />)}
    </ul>
  );
  if (!c) {
    return <li className="feed-comment feed-comment--gone"><p className="feed-muted">{t('web.comments.deleted')}</p>{children}</li>;
  }
  const name = c.author ? c.author.displayName || c.author.username : t('web.post.unknownAuthor');
  const own = !!user && c.author?.id === user.id;
  const postAuthor = !!user && post.author?.id === user.id;
  const moderator = user?.role === 'moderator' || user?.role === 'admin';
  return (
    <li className={`feed-comment feed-comment--d${c.depth}${c.hidden ? ' is-hidden' : ''}`}>
      <article aria-labelledby={headingId}>
        <header className="feed-comment__head">
          <Avatar src={c.author?.avatarUrl ?? null} name={name} size="sm" />
          <h3 id={headingId} className="feed-comment__author">
            {c.author ? <Link href={`/u/${c.author.username}`}>{name}</Link> : name}
          </h3>
          <time className="feed-muted" dateTime={c.createdAt} title={dateTime(c.createdAt)}>{relative(c.createdAt)}</time>
          {c.editedAt && <span className="feed-muted">· {t('web.post.edited')}</span>}
          {c.hidden && <Badge tone="neutral">{t('web.comments.hiddenBadge')}</Badge>}
        </header>
        {mode === 'edit' ? (
          <CommentForm label={t('web.comments.editLabel')} initial={c.text} submitLabel={t('web.common.save')} autoFocus
            onCancel={() => setMode('read')} onSubmit={async (text) => { await actions.edit(c, text); setMode('read'); }} />
        ) : (
          <RichText text={c.text} />
        )}
        <div className="feed-comment__actions">
          <Reactions size="sm" counts={c.reactions} mine={mine[c.id] ?? null} readOnly={!user} onReact={(kind) => actions.react(c, kind)} />
          {user && c.depth < MAX_DEPTH && mode !== 'reply' && (
            <button type="button" className="feed-link" onClick={() => setMode('reply')}>{t('web.comments.reply')}</button>
          )}
          {own && mode === 'read' && <button type="button" className="feed-link" onClick={() => setMode('edit')}>{t('web.common.edit')}</button>}
          {(own || postAuthor || moderator) && <button type="button" className="feed-link" onClick={() => setConfirm(true)}>{t('web.common.delete')}</button>}
          {postAuthor && !own && (
            <button type="button" className="feed-link" onClick={() => void actions.hide(c, !c.hidden)}>{c.hidden ? t('web.comments.unhide') : t('web.comments.hide')}</button>
          )}
        </div>
        {mode === 'reply' && (
          <CommentForm label={t('web.comments.replyTo', { name })} submitLabel={t('web.comments.reply')} autoFocus
            onCancel={() => setMode('read')} onSubmit={async (text) => { await actions.reply(c, text); setMode('read'); }} />
        )}
      </article>
      {children}
      {confirm && (
        <DeleteDialog title={t('web.comments.deleteTitle')} body={t('web.comments.deleteBody')} onClose={() => setConfirm(false)}
          onConfirm={async () => { await actions.remove(c); setConfirm(false); }} />
      )}
    </li>
  );
}

/**
 * A post's comments as a thread three levels deep: write, reply, edit and delete one's own, hide
 * (as the post's author), react. `liveCounts` carries reaction counts pushed on `feed.post:<id>`.
 */
export function Comments({ post, onCountChange, liveCounts }: { post: Post; onCountChange(delta: number): void; liveCounts: { id: string; counts: Counts } | null }) {
  const t = useT('feed');
  const toast = useToast();
  const { user } = useSession();
  const [comments, setComments] = useState<Comment[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'idle' | 'more'>('loading');
  const [error, setError] = useState<string>();
  const [mine, setMine] = useState<Record<string, ReactionKind | null>>({});
  const headingId = useId();
  const generation = useRef(0);

  const load = useCallback(async (from: string | null) => {
    const run = from ? generation.current : ++generation.current;
    setStatus(from ? 'more' : 'loading');
    try {
      const page = await api.get<Page<Comment>>(`/api/feed/posts/${post.id}/comments`, { query: { cursor: from ?? undefined, limit: 100 } });
      if (run !== generation.current) return;
      setComments((list) => (from ? [...list, ...page.items.filter((c) => !list.some((d) => d.id === c.id))] : page.items));
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (caught) {
      if (run === generation.current) setError(caught instanceof ApiError ? caught.message : t('web.errors.network'));
    } finally {
      if (run === generation.current) setStatus('idle');
    }
  }, [post.id, t]);

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    if (liveCounts) setComments((list) => list.map((c) => (c.id === liveCounts.id ? { ...c, reactions: liveCounts.counts } : c)));
  }, [liveCounts]);

  const tree = useMemo(() => buildTree(comments), [comments]);
  const failed = (caught: unknown) => toast(caught instanceof ApiError ? caught.message : t('web.errors.network'), 'error');

  const create = async (text: string, parent?: Comment) => {
    const { id } = await api.post<{ id: string }>(`/api/feed/posts/${post.id}/comments`, { text, ...(parent ? { parentId: parent.id } : {}) });
    const author = user ? { id: user.id, username: user.username, displayName: user.displayName, avatarUrl: user.avatarUrl } : null;
    setComments((list) => [...list, { id, postId: post.id, parentId: parent?.id ?? null, depth: parent ? parent.depth + 1 : 1, text: text.trim(), hidden: false, reactions: {}, author, createdAt: new Date().toISOString(), editedAt: null }]);
    onCountChange(1);
  };

  const actions: CommentActions = {
    reply: (parent, text) => create(text, parent),
    async edit(comment, text) {
      await api.patch(`/api/feed/comments/${comment.id}`, { text });
      setComments((list) => list.map((c) => (c.id === comment.id ? { ...c, text: text.trim(), editedAt: new Date().toISOString() } : c)));
    },
    async remove(comment) {
      await api.delete(`/api/feed/comments/${comment.id}`);
      setComments((list) => list.filter((c) => c.id !== comment.id));
      onCountChange(-1);
    },
    async hide(comment, hidden) {
      try {
        await api.put(`/api/feed/comments/${comment.id}/hidden`, { hidden });
        setComments((list) => list.map((c) => (c.id === comment.id ? { ...c, hidden } : c)));
        toast(hidden ? t('web.comments.hidden') : t('web.comments.shown'), 'success');
      } catch (caught) {
        failed(caught);
      }
    },
    async react(comment, kind) {
      try {
        const state = kind
          ? await api.put<ReactionState>(`/api/feed/comments/${comment.id}/reactions`, { kind })
          : await api.delete<ReactionState>(`/api/feed/comments/${comment.id}/reactions`);
        setComments((list) => list.map((c) => (c.id === comment.id ? { ...c, reactions: state.counts } : c)));
        setMine((m) => ({ ...m, [comment.id]: state.mine }));
      } catch (caught) {
        failed(caught);
      }
    },
  };

  return (
    <section className="feed-comments" aria-labelledby={headingId}>
      <h2 id={headingId} className="feed-comments__title">{t('web.post.comments', { count: post.commentCount })}</h2>
      {user
        ? <CommentForm label={t('web.comments.write')} submitLabel={t('web.comments.send')} onSubmit={(text) => create(text)} />
        : <p className="feed-muted"><Link href={`/login?next=${encodeURIComponent(`/p/${post.id}`)}`}>{t('web.comments.signIn')}</Link></p>}
      {status === 'loading' && <Skeleton lines={3} label={t('web.common.loading')} />}
      {error && <Alert tone="error">{error}</Alert>}
      {status !== 'loading' && comments.length === 0 && !error && <p className="feed-muted">{t('web.comments.none')}</p>}
      {tree.length > 0 && (
        <ul className="feed-comments__list feed-comments__list--root">
          {tree.map((node) => <CommentItem key={node.id} node={node} post={post} mine={mine} actions={actions} />)}
        </ul>
      )}
      {cursor && (
        <Button variant="secondary" size="sm" busy={status === 'more'} onClick={() => void load(cursor)}>{t('web.comments.more')}</Button>
      )}
    </section>
  );
}
