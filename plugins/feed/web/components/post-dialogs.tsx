import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi, useFormat, useT } from '@petamigos/web';
import { Alert, Button, Modal, Select, Skeleton, TextArea } from '@petamigos/theme';
import { useVisibilityOptions } from './visibility.js';
import type { Post, Visibility } from './types.js';

const message = (caught: unknown, fallback: string) => (caught instanceof ApiError ? caught.message : fallback);

/** Share a post with an optional comment of one's own. */
export function ShareDialog({ post, onClose, onShared }: { post: Post; onClose(): void; onShared(post: Post): void }) {
  const t = useT('feed');
  const visibilityOptions = useVisibilityOptions();
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onShared(await api.post<Post>(`/api/feed/posts/${post.id}/shares`, { text, visibility }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : t('web.errors.network'));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = error instanceof ApiError ? error.fieldMessage('text') : undefined;
  return (
    <Modal open title={t('web.share.title')} onClose={onClose} closeLabel={t('web.common.close')}>
      <form className="feed-form" onSubmit={(e) => void submit(e)}>
        <TextArea label={t('web.share.text')} value={text} maxLength={5000} rows={3} onChange={(e) => setText(e.target.value)} error={fieldError} />
        <Select label={t('web.composer.visibility')} value={visibility} options={visibilityOptions} onChange={(e) => setVisibility(e.target.value as Visibility)} />
        {error && !fieldError && <Alert tone="error">{typeof error === 'string' ? error : error.message}</Alert>}
        <div className="feed-form__actions">
          <Button type="button" variant="ghost" onClick={onClose}>{t('web.common.cancel')}</Button>
          <Button type="submit" busy={busy}>{t('web.share.submit')}</Button>
        </div>
      </form>
    </Modal>
  );
}

/** Tell the moderators what is wrong with a post. */
export function ReportDialog({ post, onClose, onReported }: { post: Post; onClose(): void; onReported(): void }) {
  const t = useT('feed');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('web.report.required'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/feed/posts/${post.id}/reports`, { reason: reason.trim() });
      onReported();
    } catch (caught) {
      setError(message(caught, t('web.errors.network')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('web.report.title')} onClose={onClose} closeLabel={t('web.common.close')}>
      <form className="feed-form" onSubmit={(e) => void submit(e)}>
        <TextArea label={t('web.report.reason')} hint={t('web.report.hint')} value={reason} maxLength={1000} rows={4} aria-required="true"
          onChange={(e) => setReason(e.target.value)} error={error} />
        <div className="feed-form__actions">
          <Button type="button" variant="ghost" onClick={onClose}>{t('web.common.cancel')}</Button>
          <Button type="submit" variant="danger" busy={busy}>{t('web.report.submit')}</Button>
        </div>
      </form>
    </Modal>
  );
}

/** Are you sure? Deleting is soft on the server, but gone for the author. */
export function DeleteDialog({ title, body, onClose, onConfirm }: { title: string; body: string; onClose(): void; onConfirm(): Promise<void> }) {
  const t = useT('feed');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (caught) {
      setError(message(caught, t('web.errors.network')));
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onClose={onClose} closeLabel={t('web.common.close')}>
      <p>{body}</p>
      {error && <Alert tone="error">{error}</Alert>}
      <div className="feed-form__actions">
        <Button type="button" variant="ghost" onClick={onClose}>{t('web.common.cancel')}</Button>
        <Button type="button" variant="danger" busy={busy} onClick={() => void confirm()}>{t('web.common.delete')}</Button>
      </div>
    </Modal>
  );
}

interface Revisions {
  current: { text: string; editedAt: string | null };
  revisions: Array<{ id: string; text: string; replacedAt: string }>;
}

/** Earlier versions of an edited post, oldest first, then the current one. */
export function HistoryDialog({ postId, onClose }: { postId: string; onClose(): void }) {
  const t = useT('feed');
  const { dateTime } = useFormat();
  const { data, error, loading } = useApi<Revisions>(`/api/feed/posts/${postId}/revisions`);
  return (
    <Modal open title={t('web.history.title')} onClose={onClose} closeLabel={t('web.common.close')}>
      {loading && <Skeleton lines={3} label={t('web.common.loading')} />}
      {error && <Alert tone="error">{error.message}</Alert>}
      {data && (
        <ol className="feed-history">
          {data.revisions.map((r) => (
            <li key={r.id}>
              <p className="feed-muted">{t('web.history.until', { when: dateTime(r.replacedAt) })}</p>
              <p className="feed-text">{r.text || t('web.history.empty')}</p>
            </li>
          ))}
          <li>
            <p className="feed-muted">{t('web.history.current')}</p>
            <p className="feed-text">{data.current.text || t('web.history.empty')}</p>
          </li>
        </ol>
      )}
    </Modal>
  );
}

