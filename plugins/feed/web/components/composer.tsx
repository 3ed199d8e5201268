import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError, useFormat, useT } from '@petamigos/web';
import { Alert, Button, Card, Select, TextArea, TextInput } from '@petamigos/theme';
import { Icon } from './icons.js';
import { useVisibilityOptions } from './visibility.js';
import type { Media, Post, Visibility } from './types.js';

const MAX_TEXT = 5000;
// The server's default `maxImagesPerPost`; a server set lower answers TOO_MANY_IMAGES, shown in place.
const MAX_IMAGES = 4;
// How long a poll stays open, in hours, with the word the strings use for it.
const POLL_DURATIONS = [[1, 'hour'], [24, 'day'], [72, 'threeDays'], [168, 'week']] as const;

interface Upload {
  key: string;
  file: File;
  preview: string;
  kind: 'image' | 'video';
  media?: Media;
  error?: string;
}

/** Follows a video's processing until it is ready or failed (the post can be sent meanwhile). */
function useVideoStatus(upload: Upload | undefined, onUpdate: (media: Media) => void) {
  const mediaId = upload?.media?.status === 'processing' ? upload.media.id : null;
  const latest = useRef(onUpdate);
  latest.current = onUpdate;
  useEffect(() => {
    if (!mediaId) return;
    const timer = setInterval(() => {
      api.get<Media>(`/api/feed/media/${mediaId}`).then((media) => {
        if (media.status !== 'processing') latest.current(media);
      }, () => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, [mediaId]);
}

/**
 * Write a post: text with a character count, up to four photos with previews (uploaded at once, each
 * removable) or one video, who may see it, and an optional poll. The API's errors appear next to the
 * field they concern, or above the button.
 */
export function Composer({ onPosted }: { onPosted(post: Post): void }) {
  const t = useT('feed');
  const { number } = useFormat();
  const visibilityOptions = useVisibilityOptions();
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [poll, setPoll] = useState<{ question: string; options: string[]; hours: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string>();
  const counterId = useId();
  const photoInput = useRef<HTMLInputElement>(null);
  const videoInput = useRef<HTMLInputElement>(null);
  const keys = useRef(0);

  useEffect(() => () => uploads.forEach((u) => URL.revokeObjectURL(u.preview)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const patchUpload = (key: string, patch: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  const video = uploads.find((u) => u.kind === 'video');
  useVideoStatus(video, (media) => video && patchUpload(video.key, { media }));

  const addFiles = (files: File[], kind: 'image' | 'video') => {
    const room = kind === 'video' ? 1 : MAX_IMAGES - uploads.length;
    const accepted = files.slice(0, Math.max(0, room));
    if (files.length > accepted.length) setError(t('web.composer.tooManyPhotos', { max: MAX_IMAGES }));
    const fresh = accepted.map((file) => ({ key: `u${++keys.current}`, file, kind, preview: URL.createObjectURL(file) }));
    setUploads((list) => (kind === 'video' ? fresh : [...list.filter((u) => u.kind === 'image'), ...fresh]));
    for (const upload of fresh) {
      api.upload<Media>('/api/feed/media', upload.file).then(
        (media) => patchUpload(upload.key, { media }),
        (caught: unknown) => patchUpload(upload.key, { error: caught instanceof ApiError ? caught.message : t('web.errors.network') }),
      );
    }
  };

  const onPick = (kind: 'image' | 'video') => (event: ChangeEvent<HTMLInputElement>) => {
    addFiles([...(event.target.files ?? [])], kind);
    event.target.value = '';
  };

  const removeUpload = (key: string) => {
    setUploads((list) => {
      const gone = list.find((u) => u.key === key);
      if (gone) URL.revokeObjectURL(gone.preview);
      return list.filter((u) => u.key !== key);
    });
    photoInput.current?.focus();
  };

  const uploading = uploads.some((u) => !u.media && !u.error);
  const pollReady = !poll || (poll.question.trim() && poll.options.filter((o) => o.trim()).length >= 2);
  const canPost = !busy && !uploading && !!pollReady && (text.trim() !== '' || uploads.some((u) => u.media) || !!poll);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canPost) return;
    setBusy(true);
    setError(undefined);
    try {
      const post = await api.post<Post>('/api/feed/posts', {
        text,
        visibility,
        ...(uploads.some((u) => u.media) ? { mediaIds: uploads.filter((u) => u.media).map((u) => u.media!.id) } : {}),
        ...(poll ? { poll: { question: poll.question.trim(), options: poll.options.map((o) => o.trim()).filter(Boolean), closesAt: new Date(Date.now() + poll.hours * 3_600_000).toISOString() } } : {}),
      });
      uploads.forEach((u) => URL.revokeObjectURL(u.preview));
      setText('');
      setUploads([]);
      setPoll(null);
      onPosted(post);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : t('web.errors.network'));
    } finally {
      setBusy(false);
    }
  };

  const apiError = error instanceof ApiError ? error : undefined;
  const field = (name: string) => apiError?.fieldMessage(name);
  const mediaError = apiError && /IMAGE|MEDIA|VIDEO/.test(apiError.code) ? apiError.message : undefined;
  const pollError = apiError && /POLL/.test(apiError.code) ? apiError.message : undefined;
  const shownElsewhere = !!(field('text') || mediaError || pollError || field('poll/question'));
  const left = MAX_TEXT - text.length;

  return (
    <Card as="section" className="feed-composer" aria-label={t('web.composer.label')}>
      <form onSubmit={(e) => void submit(e)} className="feed-form">
        <TextArea label={t('web.composer.text')} placeholder={t('web.composer.placeholder')} value={text} rows={3} maxLength={MAX_TEXT}
          aria-describedby={counterId} onChange={(e) => setText(e.target.value)} error={field('text')} />
        <p id={counterId} className={`feed-counter${left < 100 ? ' is-low' : ''}`} aria-live={left < 100 ? 'polite' : 'off'}>
          {t('web.composer.count', { count: text.length, max: number(MAX_TEXT) })}
        </p>

        {uploads.length > 0 && (
          <ul className="feed-previews" aria-label={t('web.composer.attachments')}>
            {uploads.map((u, i) => (
              <li key={u.key} className="feed-preview">
                {u.kind === 'image' ? <img src={u.preview} alt={t('web.composer.photoN', { n: i + 1 })} /> : <video src={u.preview} muted playsInline aria-label={t('web.media.video')} />}
                <span className="feed-preview__state" role="status">
                  {u.error ?? (!u.media ? t('web.composer.uploading') : u.media.status === 'processing' ? t('web.composer.processing') : u.media.status === 'failed' ? t('video.failed') : '')}
                </span>
                <button type="button" className="feed-preview__remove" aria-label={u.kind === 'image' ? t('web.composer.removePhoto', { n: i + 1 }) : t('web.composer.removeVideo')}
                  onClick={() => removeUpload(u.key)}><Icon name="close" size={16} /></button>
              </li>
            ))}
          </ul>
        )}
        {mediaError && <Alert tone="error">{mediaError}</Alert>}

        {poll && (
          <fieldset className="feed-poll-editor">
            <legend>{t('web.composer.poll')}</legend>
            <TextInput label={t('web.composer.pollQuestion')} value={poll.question} maxLength={300} required
              onChange={(e) => setPoll({ ...poll, question: e.target.value })} error={field('poll/question')} />
            {poll.options.map((option, i) => (
              <div key={i} className="feed-poll-editor__option">
                <TextInput label={t('web.composer.pollOption', { n: i + 1 })} value={option} maxLength={100} required={i < 2}
                  onChange={(e) => setPoll({ ...poll, options: poll.options.map((o, j) => (j === i ? e.target.value : o)) })} />
                {poll.options.length > 2 && (
                  <button type="button" className="feed-action feed-action--icon" aria-label={t('web.composer.pollRemoveOption', { n: i + 1 })}
                    onClick={() => setPoll({ ...poll, options: poll.options.filter((_, j) => j !== i) })}><Icon name="close" size={16} /></button>
                )}
              </div>
            ))}
            {poll.options.length < 4 && (
              <Button type="button" size="sm" variant="ghost" onClick={() => setPoll({ ...poll, options: [...poll.options, ''] })}>{t('web.composer.pollAddOption')}</Button>
            )}
            <Select label={t('web.composer.pollCloses')} value={String(poll.hours)} onChange={(e) => setPoll({ ...poll, hours: Number(e.target.value) })}
              options={POLL_DURATIONS.map(([hours, duration]) => ({ value: String(hours), label: t('web.composer.pollDuration', { duration }) }))} />
            {pollError && <Alert tone="error">{pollError}</Alert>}
          </fieldset>
        )}

        <div className="feed-composer__tools">
          <input ref={photoInput} id={`${counterId}-photos`} className="feed-file" type="file" accept="image/*" multiple
            disabled={!!video || uploads.length >= MAX_IMAGES} onChange={onPick('image')} />
          <label htmlFor={`${counterId}-photos`} className="feed-action"><Icon name="image" /> {t('web.composer.addPhotos')}</label>
          <input ref={videoInput} id={`${counterId}-video`} className="feed-file" type="file" accept="video/*"
            disabled={uploads.some((u) => u.kind === 'image')} onChange={onPick('video')} />
          <label htmlFor={`${counterId}-video`} className="feed-action"><Icon name="video" /> {t('web.composer.addVideo')}</label>
          <button type="button" className="feed-action" aria-pressed={!!poll}
            onClick={() => setPoll(poll ? null : { question: '', options: ['', ''], hours: 24 })}>
            <Icon name="poll" /> {poll ? t('web.composer.removePoll') : t('web.composer.addPoll')}
          </button>
        </div>

        <div className="feed-composer__send">
          <Select label={t('web.composer.visibility')} value={visibility} options={visibilityOptions} onChange={(e) => setVisibility(e.target.value as Visibility)} />
          <Button type="submit" disabled={!canPost} busy={busy}>{t('web.composer.submit')}</Button>
        </div>
        {error && !shownElsewhere && <Alert tone="error">{typeof error === 'string' ? error : error.message}</Alert>}
      </form>
    </Card>
  );
}
