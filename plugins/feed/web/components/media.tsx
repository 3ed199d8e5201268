import { useState } from 'react';
import { Link, useT } from '@petamigos/web';
import { Icon } from './icons.js';
import type { Media } from './types.js';

const HLS = 'application/vnd.apple.mpegurl';
let hlsSupport: boolean | undefined;
/** Safari, and Chromium since it plays HLS itself, take the playlist as a `<video>` source; no player library needed. */
function playsHls(): boolean {
  hlsSupport ??= typeof document !== 'undefined' && document.createElement('video').canPlayType(HLS) !== '';
  return hlsSupport;
}

function Picture({ media, sizes }: { media: Media; sizes: string }) {
  const webp = media.variants.filter((v) => v.format === 'webp').sort((a, b) => a.width - b.width);
  const fallback = media.variants.find((v) => v.format === 'jpeg') ?? webp[webp.length - 1];
  if (!fallback) return null;
  return (
    <picture>
      {webp.length > 0 && <source type="image/webp" srcSet={webp.map((v) => `${v.url} ${v.width}w`).join(', ')} sizes={sizes} />}
      {/* Pictures carry no description of their own yet; the post's text is their context. */}
      <img src={fallback.url} width={media.width} height={media.height} loading="lazy" decoding="async" alt="" />
    </picture>
  );
}

function Video({ media, postId, linkToPost }: { media: Media; postId: string; linkToPost: boolean }) {
  const t = useT('feed');
  const [playable] = useState(playsHls);
  if (media.status === 'processing') return <p className="feed-video__state" role="status">{t('video.processing')}</p>;
  if (media.status === 'failed' || !media.playlistUrl) return <p className="feed-video__state">{t('video.failed')}</p>;
  if (playable) {
    return (
      <video className="feed-video" controls preload="none" playsInline poster={media.posterUrl ?? undefined} width={media.width} height={media.height}
        aria-label={t('web.media.video')} src={media.playlistUrl} />
    );
  }
  // A browser without HLS: the poster, and the post page, where the playlist link is offered.
  return (
    <div className="feed-video feed-video--poster">
      {media.posterUrl && <img src={media.posterUrl} alt="" loading="lazy" width={media.width} height={media.height} />}
      {linkToPost
        ? <Link href={`/p/${postId}`} className="feed-video__play"><Icon name="play" /> {t('web.media.openVideo')}</Link>
        : <a href={media.playlistUrl} className="feed-video__play"><Icon name="play" /> {t('web.media.playlist')}</a>}
    </div>
  );
}

/** A post's pictures (a responsive grid of one to four, lazily loaded) or its one video. */
export function PostMedia({ media, postId, linkToPost = true }: { media: Media[]; postId: string; linkToPost?: boolean }) {
  const t = useT('feed');
  if (media.length === 0) return null;
  const video = media.find((m) => m.kind === 'video');
  if (video) return <Video media={video} postId={postId} linkToPost={linkToPost} />;
  const images = media.filter((m) => m.kind === 'image');
  return (
    <div className={`feed-media feed-media--${Math.min(images.length, 4)}`} role="group" aria-label={t('web.media.photos', { count: images.length })}>
      {images.map((m) => <Picture key={m.id} media={m} sizes={images.length === 1 ? '(min-width: 40rem) 40rem, 100vw' : '(min-width: 40rem) 20rem, 50vw'} />)}
    </div>
  );
}
