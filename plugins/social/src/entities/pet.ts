import { EntitySchema } from '@petamigos/core';

/** The species a pet profile may have; `other` covers everything the list does not name. */
export const SPECIES = ['dog', 'cat', 'bird', 'rabbit', 'fish', 'reptile', 'rodent', 'horse', 'other'] as const;
export type Species = (typeof SPECIES)[number];

export interface Pet {
  id: string;
  ownerId: string;
  name: string;
  species: Species;
  breed: string | null;
  /** `YYYY-MM-DD`: a calendar date, not an instant, so no time zone can shift it. */
  birthDate: string | null;
  bio: string;
  createdAt: Date;
  updatedAt: Date;
}

export const PetEntity = new EntitySchema<Pet>({
  name: 'SocialPet',
  tableName: 'social_pet',
  properties: {
    id: { type: 'uuid', primary: true },
    ownerId: { type: 'uuid', fieldName: 'owner_id' },
    name: { type: 'string' },
    species: { type: 'string' },
    breed: { type: 'string', nullable: true },
    birthDate: { type: 'date', fieldName: 'birth_date', nullable: true },
    bio: { type: 'text' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
