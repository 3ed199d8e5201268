import type { Kernel } from '@petamigos/core';
import sharp from 'sharp';
import type { DemoPerson } from './demo-people.js';
import { CLI_ORIGIN } from './accounts.js';

const POSTS: Record<'es' | 'en', Array<(pet: string) => string>> = {
  es: [
    (pet) => `${pet} aprendió a dar la pata hoy 🐾 #entrenamiento #mascotas`,
    (pet) => `Paseo de domingo con ${pet} en el parque. ¿Quién más sale temprano? #paseo #perrosdemexico`,
    (pet) => `${pet} ya tiene todas sus vacunas al día 💉 #salud #adopción`,
    (pet) => `Siesta oficial de ${pet}, no molestar 😴 #siesta`,
  ],
  en: [
    (pet) => `${pet} learned to shake hands today 🐾 #training #pets`,
    (pet) => `Sunday walk with ${pet}. Who else goes out early? #walk`,
    (pet) => `${pet} is up to date on vaccines 💉 #health #adoption`,
  ],
};

/** A picture made on the spot (no network, no bundled files): a warm gradient with the pet's name. */
async function picture(name: string, seed: number): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},70%,40%)"/></linearGradient></defs>
    <rect width="800" height="600" fill="url(#g)"/><circle cx="400" cy="260" r="120" fill="rgba(255,255,255,0.35)"/>
    <text x="400" y="500" font-size="64" text-anchor="middle" fill="white" font-family="sans-serif">${name.replace(/[<&>]/g, '')}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/**
 * Demo content through the plugins' own HTTP routes, so it obeys every rule real users meet: a
 * pet profile with a photo (social), a few follows, and posts with hashtags and a picture (feed).
 * Plugins that are not enabled are skipped.
 */
export async function seedContent(kernel: Kernel, person: DemoPerson, password: string, index: number, everyone: DemoPerson[]): Promise<{ pets: number; posts: number }> {
  const social = kernel.plugins.isEnabled('social');
  const feed = kernel.plugins.isEnabled('feed');
  if (!social && !feed) return { pets: 0, posts: 0 };
  const { tokens } = await kernel.accounts.login({ login: person.username, password }, CLI_ORIGIN);
  const headers = { authorization: `Bearer ${tokens.accessToken}` };
  const call = async (method: 'POST' | 'PUT', url: string, payload: unknown, contentType?: string) => {
    const res = await kernel.app.inject({ method, url, payload: payload as string, headers: contentType ? { ...headers, 'content-type': contentType } : headers });
    if (res.statusCode >= 400 && res.statusCode !== 409) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
  let pets = 0;
  let posts = 0;
  if (social) {
    const pet = await call('POST', '/api/social/pets', { name: person.pet.name, species: person.pet.species, bio: person.bio.slice(0, 500) });
    await call('POST', `/api/social/pets/${String(pet.id)}/photos`, await picture(person.pet.name, index), 'image/jpeg');
    pets++;
    for (let step = 1; step <= 3 && everyone.length > 1; step++) {
      const other = everyone[(index + step) % everyone.length]!;
      if (other.username !== person.username) await call('POST', `/api/social/following/${other.username}`, undefined).catch(() => undefined);
    }
  }
  if (feed) {
    const language = person.language.startsWith('es') ? 'es' : 'en';
    const templates = POSTS[language];
    for (let n = 0; n < 2; n++) {
      const text = templates[(index + n) % templates.length]!(person.pet.name);
      const media = n === 0 ? await call('POST', '/api/feed/media', await picture(person.pet.name, index + 7), 'image/jpeg') : undefined;
      await call('POST', '/api/feed/posts', { text, visibility: 'public', language: person.language.slice(0, 2), ...(media ? { mediaIds: [media.id] } : {}) });
      posts++;
    }
  }
  return { pets, posts };
}
