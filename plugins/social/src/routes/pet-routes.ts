import { HttpError, type AuthGuards, type PluginApp } from '@petamigos/core';
import { petNotFound } from '../services/pets.js';
import type { RouteDeps } from './index.js';
import { NoContent, Pet, PetCreateBody, PetParams, PetPatchBody, Photo, PhotoParams, errorResponses, security, tags } from './schemas.js';

export const MODERATE_PETS = 'social.pets.moderate';

/** Pet profiles and their photos. Owners edit; owners and moderators remove. */
export function petRoutes(app: PluginApp, { ctx, graph, pets }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;

  const assertMayChange = async (request: Parameters<AuthGuards['assertOwner']>[0], ownerId: string, overridePermission?: string) => {
    try {
      ctx.auth.assertOwner(request, ownerId, overridePermission);
    } catch (error) {
      // Someone on the other side of a block must not learn that the pet exists.
      if ((await graph.hiddenFor(request.user!.id)).includes(ownerId)) throw petNotFound();
      throw error;
    }
  };

  app.post('/pets', {
    preHandler,
    schema: { tags, security, summary: 'Add a pet profile', body: PetCreateBody, response: { 201: Pet, ...errorResponses(400, 401, 409) } },
  }, async (request, reply) => {
    const pet = await pets.create(request.user!.id, request.body);
    return reply.status(201).send(await pets.view(pet, []));
  });

  app.get('/pets/:id', {
    schema: { tags, summary: 'A pet profile with its photos', params: PetParams, response: { 200: Pet, ...errorResponses(400, 404) } },
  }, async (request) => {
    const hidden = request.user ? await graph.hiddenFor(request.user.id) : [];
    return pets.viewOf(await pets.visible(request.params.id, hidden));
  });

  app.patch('/pets/:id', {
    preHandler,
    schema: { tags, security, summary: 'Edit your pet\'s profile (null clears breed or birth date)', params: PetParams, body: PetPatchBody, response: { 200: Pet, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const pet = await pets.find(request.params.id);
    if (!pet) throw petNotFound();
    await assertMayChange(request, pet.ownerId);
    return pets.viewOf(await pets.update(pet.id, request.body));
  });

  app.delete('/pets/:id', {
    preHandler,
    schema: { tags, security, summary: 'Remove a pet profile and its photos (owners, and moderators)', params: PetParams, response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const pet = await pets.find(request.params.id);
    if (!pet) throw petNotFound();
    await assertMayChange(request, pet.ownerId, MODERATE_PETS);
    await pets.remove(pet.id);
    return reply.status(204).send(null);
  });

  app.post('/pets/:id/photos', {
    preHandler,
    bodyLimit: ctx.settings.maxPhotoBytes,
    schema: {
      tags, security, params: PetParams,
      summary: 'Add a photo: send the image itself as the body, with its image content type (JPEG, PNG, WebP, GIF, HEIF/AVIF, TIFF)',
      description: 'Stored as WebP in up to three widths plus one JPEG; metadata (GPS included) is removed and the original is not kept.',
      response: { 201: Photo, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const pet = await pets.find(request.params.id);
    if (!pet) throw petNotFound();
    await assertMayChange(request, pet.ownerId);
    // Any other content type was parsed by someone else's parser (text, JSON) and is not a photo.
    if (!Buffer.isBuffer(request.body)) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the photo as the request body with an image content type, such as image/jpeg.');
    }
    const photo = await pets.addPhoto(pet, request.body);
    return reply.status(201).send(await pets.photoView(photo));
  });

  app.delete('/pets/:id/photos/:photoId', {
    preHandler,
    schema: { tags, security, summary: 'Remove a photo (owners, and moderators)', params: PhotoParams, response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const photo = await pets.findPhoto(request.params.id, request.params.photoId);
    await assertMayChange(request, photo.ownerId, MODERATE_PETS);
    await pets.removePhoto(photo);
    return reply.status(204).send(null);
  });
}
