import { HttpError, type PluginContext } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import { PetEntity, PetPhotoEntity, type Pet, type PetPhoto, type Species, type StoredVariant } from '../entities/index.js';
import type { SocialContext } from '../settings.js';
import { iso } from './graph.js';
import { sqlOf } from './sql.js';

export interface PetInput {
  name: string;
  species: Species;
  breed?: string | null;
  birthDate?: string | null;
  bio?: string;
}

export interface PhotoView {
  id: string;
  width: number;
  height: number;
  variants: Array<{ name: string; format: 'webp' | 'jpeg'; width: number; height: number; url: string }>;
  createdAt: string;
}

export interface PetView {
  id: string;
  ownerId: string;
  name: string;
  species: Species;
  breed: string | null;
  birthDate: string | null;
  bio: string;
  photos: PhotoView[];
  createdAt: string;
  updatedAt: string;
}

/** Pet profiles and their photos. Photos live in the plugin's storage under `pets/<petId>/<photoId>/`. */
export class PetProfiles {
  constructor(private readonly ctx: SocialContext) {}

  async create(ownerId: string, input: PetInput): Promise<Pet> {
    const em = this.ctx.db.em();
    // A soft limit: two pets created in the same instant may pass it together, which is harmless.
    if ((await em.count(PetEntity, { ownerId })) >= this.ctx.settings.maxPetsPerUser) {
      throw new HttpError(409, 'TOO_MANY_PETS', `You can have at most ${this.ctx.settings.maxPetsPerUser} pet profiles.`, { max: this.ctx.settings.maxPetsPerUser });
    }
    const now = new Date();
    const pet = em.create(PetEntity, {
      id: uuidv7(),
      ownerId,
      name: input.name.trim(),
      species: input.species,
      breed: blankToNull(input.breed),
      birthDate: checkBirthDate(input.birthDate ?? null),
      bio: input.bio?.trim() ?? '',
      createdAt: now,
      updatedAt: now,
    });
    await em.flush();
    return pet;
  }

  async find(id: string): Promise<Pet | null> {
    return this.ctx.db.em().findOne(PetEntity, { id });
  }

  /** The pet, or 404 — also when a block stands between the viewer and its owner. */
  async visible(id: string, viewerHidden: readonly string[]): Promise<Pet> {
    const pet = await this.find(id);
    if (!pet || viewerHidden.includes(pet.ownerId)) throw petNotFound();
    return pet;
  }

  async update(id: string, patch: Partial<PetInput>): Promise<Pet> {
    const em = this.ctx.db.em();
    const pet = await em.findOne(PetEntity, { id });
    if (!pet) throw petNotFound();
    if (patch.name !== undefined) pet.name = patch.name.trim();
    if (patch.species !== undefined) pet.species = patch.species;
    if (patch.breed !== undefined) pet.breed = blankToNull(patch.breed);
    if (patch.birthDate !== undefined) pet.birthDate = checkBirthDate(patch.birthDate);
    if (patch.bio !== undefined) pet.bio = patch.bio.trim();
    pet.updatedAt = new Date();
    await em.flush();
    return pet;
  }

  /** Deletes the profile, its photos and their files. */
  async remove(id: string): Promise<void> {
    const rows = await this.ctx.db.query('delete from social_pet where id = ? returning id', [id]);
    if (rows.length === 0) throw petNotFound();
    await this.deleteFiles(`pets/${id}/`);
  }

  async photosOf(petIds: readonly string[]): Promise<Map<string, PetPhoto[]>> {
    const byPet = new Map<string, PetPhoto[]>(petIds.map((id) => [id, []]));
    if (petIds.length === 0) return byPet;
    const photos = await this.ctx.db.em().find(PetPhotoEntity, { petId: { $in: [...petIds] } }, { orderBy: { id: 'asc' } });
    for (const photo of photos) byPet.get(photo.petId)?.push(photo);
    return byPet;
  }

  async petsOf(ownerId: string): Promise<PetView[]> {
    const pets = await this.ctx.db.em().find(PetEntity, { ownerId }, { orderBy: { id: 'asc' } });
    const photos = await this.photosOf(pets.map((p) => p.id));
    return Promise.all(pets.map((p) => this.view(p, photos.get(p.id) ?? [])));
  }

  async viewOf(pet: Pet): Promise<PetView> {
    return this.view(pet, (await this.photosOf([pet.id])).get(pet.id) ?? []);
  }

  /**
   * Adds a photo. The picture goes through the kernel's image pipeline first — which refuses
   * anything that is not a picture and strips EXIF (GPS included) — and only the re-encoded
   * variants are stored: the original, metadata and all, is never kept.
   */
  async addPhoto(pet: Pet, image: Buffer): Promise<PetPhoto> {
    await this.assertRoomForPhoto(this.ctx.db.query.bind(this.ctx.db), pet.id);
    const processed = await this.ctx.media.processImage(image);
    const photoId = uuidv7();
    const variants: StoredVariant[] = [];
    try {
      for (const v of processed.variants) {
        const key = `pets/${pet.id}/${photoId}/${v.name}.${v.format === 'jpeg' ? 'jpg' : 'webp'}`;
        await this.ctx.storage.put(key, v.bytes, { accept: ['image/*'], maxBytes: this.ctx.settings.maxPhotoBytes });
        variants.push({ name: v.name, format: v.format, width: v.width, height: v.height, key });
      }
      return await this.ctx.db.transaction(async (em) => {
        const sql = sqlOf(em);
        // Locking the pet serialises uploads to it, so the photo limit holds exactly, and a pet
        // deleted while its photo was being processed is noticed here.
        const [locked] = await sql('select id from social_pet where id = ? for update', [pet.id]);
        if (!locked) throw petNotFound();
        await this.assertRoomForPhoto(sql, pet.id);
        const photo = em.create(PetPhotoEntity, { id: photoId, petId: pet.id, ownerId: pet.ownerId, width: processed.width, height: processed.height, variants, createdAt: new Date() });
        await em.flush();
        return photo;
      });
    } catch (error) {
      await this.deleteFiles(`pets/${pet.id}/${photoId}/`);
      throw error;
    }
  }

  async findPhoto(petId: string, photoId: string): Promise<PetPhoto> {
    const photo = await this.ctx.db.em().findOne(PetPhotoEntity, { id: photoId, petId });
    if (!photo) throw new HttpError(404, 'PHOTO_NOT_FOUND', 'No such photo.');
    return photo;
  }

  async removePhoto(photo: PetPhoto): Promise<void> {
    const rows = await this.ctx.db.query('delete from social_pet_photo where id = ? returning id', [photo.id]);
    if (rows.length === 0) throw new HttpError(404, 'PHOTO_NOT_FOUND', 'No such photo.');
    await this.deleteFiles(`pets/${photo.petId}/${photo.id}/`);
  }

  /**
   * Everything a user's pets left in storage and the database (account deletion). Files go first
   * and a failure stops the deletion: the account then stays, and deleting it again finds the
   * pets, and their files, still there to delete.
   */
  async removeAllOf(ownerId: string): Promise<void> {
    const pets = await this.ctx.db.query<{ id: string }>('select id from social_pet where owner_id = ?', [ownerId]);
    for (const pet of pets) await this.deleteFiles(`pets/${pet.id}/`, { strict: true });
    await this.ctx.db.query('delete from social_pet where owner_id = ?', [ownerId]);
  }

  async view(pet: Pet, photos: readonly PetPhoto[]): Promise<PetView> {
    return {
      id: pet.id,
      ownerId: pet.ownerId,
      name: pet.name,
      species: pet.species,
      breed: pet.breed,
      birthDate: pet.birthDate,
      bio: pet.bio,
      photos: await Promise.all(photos.map((p) => this.photoView(p))),
      createdAt: iso(pet.createdAt),
      updatedAt: iso(pet.updatedAt),
    };
  }

  async photoView(photo: PetPhoto): Promise<PhotoView> {
    return {
      id: photo.id,
      width: photo.width,
      height: photo.height,
      // URLs are made on every read, never stored: they depend on the storage driver and its address.
      variants: await Promise.all(photo.variants.map(async (v) => ({ name: v.name, format: v.format, width: v.width, height: v.height, url: await this.ctx.storage.url(v.key) }))),
      createdAt: iso(photo.createdAt),
    };
  }

  private async assertRoomForPhoto(sql: PluginContext['db']['query'], petId: string): Promise<void> {
    const [row] = await sql<{ n: number }>('select count(*)::int as n from social_pet_photo where pet_id = ?', [petId]);
    const max = this.ctx.settings.maxPhotosPerPet;
    if (row!.n >= max) throw new HttpError(409, 'TOO_MANY_PHOTOS', `A pet can have at most ${max} photos.`, { max });
  }

  /*
   * Rows are deleted before files (an upload racing the deletion then finds no pet and removes its
   * own files), so by the time files go the user's request has succeeded; a storage failure is
   * logged with the prefix for the operator instead of failing it — except in account deletion.
   */
  private async deleteFiles(prefix: string, options: { strict?: boolean } = {}): Promise<void> {
    try {
      for await (const object of this.ctx.storage.list(prefix)) await this.ctx.storage.delete(object.key);
    } catch (error) {
      if (options.strict) throw error;
      this.ctx.log.error({ err: error, prefix }, 'deleting pet photos from storage failed; remove the prefix by hand');
    }
  }
}

export function petNotFound(): HttpError {
  return new HttpError(404, 'PET_NOT_FOUND', 'No such pet.');
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** A birth date may not lie in the future — anywhere on Earth, hence the UTC+14 allowance. */
function checkBirthDate(value: string | null): string | null {
  if (value === null) return null;
  const latestToday = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
  if (value > latestToday) throw new HttpError(400, 'INVALID_BIRTH_DATE', 'A birth date cannot be in the future.', { field: 'birthDate' });
  return value;
}
