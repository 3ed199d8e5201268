import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, useFormat, useSession, useT } from '@petamigos/web';
import { Alert, Button } from '@petamigos/theme';
import type { Post } from './types.js';

/** A poll: the choices to vote on (once), or the results after voting or once it closed. */
export function PostPoll({ post, onChange }: { post: Post; onChange(post: Post): void }) {
  const t = useT('feed');
  const { number, relative, dateTime } = useFormat();
  const { user } = useSession();
  const poll = post.poll!;
  const [choice, setChoice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const legend = useId();
  const total = poll.options.reduce((sum, o) => sum + o.votes, 0);
  const showResults = poll.closed || poll.myVote !== null || !user;

  const vote = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    setBusy(true);
    setError(undefined);
    try {
      onChange(await api.post<Post>(`/api/feed/posts/${post.id}/poll/votes`, { optionId: choice }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('web.errors.network'));
    } finally {
      setBusy(false);
    }
  };

  const closing = (
    <p className="feed-poll__meta">
      {t('web.poll.votes', { count: total })} · <time dateTime={poll.closesAt} title={dateTime(poll.closesAt)}>
        {poll.closed ? t('web.poll.closed', { when: relative(poll.closesAt) }) : t('web.poll.closes', { when: relative(poll.closesAt) })}
      </time>
    </p>
  );

  if (showResults) {
    return (
      <div className="feed-poll">
        <p className="feed-poll__question">{poll.question}</p>
        <ul className="feed-poll__results">
          {poll.options.map((option) => {
            const share = total === 0 ? 0 : option.votes / total;
            return (
              <li key={option.id} className={option.id === poll.myVote ? 'is-mine' : undefined}>
                <span className="feed-poll__bar" style={{ inlineSize: `${Math.round(share * 100)}%` }} aria-hidden="true" />
                <span className="feed-poll__label">
                  {option.text}
                  {option.id === poll.myVote && <span className="feed-poll__you"> · {t('web.poll.yourVote')}</span>}
                </span>
                <span className="feed-poll__share">{number(share, { style: 'percent' })}</span>
              </li>
            );
          })}
        </ul>
        {closing}
      </div>
    );
  }

  return (
    <form className="feed-poll" onSubmit={(e) => void vote(e)}>
      <fieldset aria-describedby={legend}>
        <legend className="feed-poll__question">{poll.question}</legend>
        {poll.options.map((option) => (
          <label key={option.id} className="feed-poll__option">
            <input type="radio" name={`poll-${post.id}`} value={option.id} checked={choice === option.id} onChange={() => setChoice(option.id)} />
            <span>{option.text}</span>
          </label>
        ))}
      </fieldset>
      <div id={legend}>{closing}</div>
      {error && <Alert tone="error">{error}</Alert>}
      <Button type="submit" size="sm" variant="secondary" disabled={!choice} busy={busy}>{t('web.poll.vote')}</Button>
    </form>
  );
}
