// The shapes social's API answers with (see src/routes/schemas.ts), as the browser sees them.

export type Species = 'dog' | 'cat' | 'bird' | 'rabbit' | 'fish' | 'reptile' | 'rodent' | 'horse' | 'other';
export const SPECIES: readonly Species[] = ['dog', 'cat', 'bird', 'rabbit', 'fish', 'reptile', 'rodent', 'horse', 'other'];
/** The species names are the plugin's `species.*` strings. */
export const SPECIES_KEY: Record<Species, string> = {
  dog: 'species.dog', cat: 'species.cat', bird: 'species.bird', rabbit: 'species.rabbit', fish: 'species.fish',
  reptile: 'species.reptile', rodent: 'species.rodent', horse: 'species.horse', other: 'species.other',
};

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string;
  verified: boolean;
  createdAt: string;
}

export interface PhotoVariant {
  name: string;
  format: 'webp' | 'jpeg';
  width: number;
  height: number;
  url: string;
}

export interface Photo {
  id: string;
  width: number;
  height: number;
  variants: PhotoVariant[];
  createdAt: string;
}

export interface Pet {
  id: string;
  ownerId: string;
  name: string;
  species: Species;
  breed: string | null;
  birthDate: string | null;
  bio: string;
  photos: Photo[];
  createdAt: string;
  updatedAt: string;
}

export type FriendshipState = 'none' | 'friends' | 'request_sent' | 'request_received';

export interface Relationship {
  friendship: FriendshipState;
  following: boolean;
  followedBy: boolean;
  muted: boolean;
  closeFriend: boolean;
}

export interface Counts {
  friends: number;
  followers: number;
  following: number;
  pets: number;
}

export interface Profile {
  user: PublicUser;
  pets: Pet[];
  counts: Counts;
  /** Null when signed out or on one's own profile. */
  relationship: Relationship | null;
}

export interface ListEntry {
  user: PublicUser;
  since: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const API = '/api/social';
/** Usernames are ASCII letters, digits and underscores, but encode anyway: it comes from the URL. */
export const userPath = (username: string) => `${API}/users/${encodeURIComponent(username)}`;
export const profileHref = (username: string) => `/u/${encodeURIComponent(username)}`;
