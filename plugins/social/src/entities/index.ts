export { PetEntity, SPECIES, type Pet, type Species } from './pet.js';
export { PetPhotoEntity, type PetPhoto, type StoredVariant } from './pet-photo.js';
export { FriendshipEntity, type Friendship, type FriendshipStatus } from './friendship.js';
export { FollowEntity, type Follow } from './follow.js';
export { MuteEntity, type Mute } from './mute.js';
export { CloseFriendEntity, type CloseFriend } from './close-friend.js';

import { PetEntity } from './pet.js';
import { PetPhotoEntity } from './pet-photo.js';
import { FriendshipEntity } from './friendship.js';
import { FollowEntity } from './follow.js';
import { MuteEntity } from './mute.js';
import { CloseFriendEntity } from './close-friend.js';

export const entities = [PetEntity, PetPhotoEntity, FriendshipEntity, FollowEntity, MuteEntity, CloseFriendEntity];
