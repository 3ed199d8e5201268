import { EntitySchema } from '@petamigos/core';

/** One stored rendition of a photo; the storage key, never a URL, so URLs can change with the driver. */
export interface StoredVariant {
  name: string;
  format: 'webp' | 'jpeg';
  width: number;
  height: number;
  key: string;
}

export interface PetPhoto {
  id: string;
  petId: string;
  ownerId: string;
  width: number;
  height: number;
  variants: StoredVariant[];
  createdAt: Date;
}

export const PetPhotoEntity = new EntitySchema<PetPhoto>({
  name: 'SocialPetPhoto',
  tableName: 'social_pet_photo',
  properties: {
    id: { type: 'uuid', primary: true },
    petId: { type: 'uuid', fieldName: 'pet_id' },
    ownerId: { type: 'uuid', fieldName: 'owner_id' },
    width: { type: 'integer' },
    height: { type: 'integer' },
    variants: { type: 'json' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
