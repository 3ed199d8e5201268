import { randomUUID } from 'node:crypto';
import { definePlugin, KERNEL_VERSION, Type, type AnyPluginManifest, type Static } from '@petamigos/core';
import type { Tally } from './throughput.js';

export const EMITTER = 'bench-emitter';
export const HANDLER = 'bench-handler';
/** The one event of the events figures, namespaced as the kernel requires. */
export const EVENT = `${EMITTER}.pet.walked`;

const Walk = Type.Object({ petId: Type.String(), walk: Type.Integer(), meters: Type.Number(), at: Type.String() });
export type Walk = Static<typeof Walk>;

/** What the emitting plugin exposes as its service, so the bench can emit through its `ctx`. */
export interface EmitterService {
  emit(walk: Walk): Promise<void>;
}

/**
 * Two plugins, as real ones talk: one emits `bench-emitter.pet.walked` through `ctx.events.emit`
 * (schema check, outbox insert, relay, bus), the other handles it and counts it in `tally`.
 */
export function eventPlugins(tally: Tally): AnyPluginManifest[] {
  const emitter = definePlugin({
    name: EMITTER,
    version: '1.0.0',
    kernel: `^${KERNEL_VERSION}`,
    description: 'Benchmark fixture: emits events',
    events: { emits: { [EVENT]: Walk } },
    service: (ctx): EmitterService => ({ emit: (walk) => ctx.events.emit(EVENT, walk) }),
  });
  const handler = definePlugin({
    name: HANDLER,
    version: '1.0.0',
    kernel: `^${KERNEL_VERSION}`,
    description: 'Benchmark fixture: handles events',
    events: {
      handles: {
        [EVENT]: {
          handler: async () => {
            tally.hit();
          },
        },
      },
    },
  });
  return [emitter, handler] as AnyPluginManifest[];
}

/** The payloads every side of the events figures sends, made once so making them is in no figure. */
export function walkPayloads(n: number): Walk[] {
  const at = new Date().toISOString();
  return Array.from({ length: n }, (_, walk) => ({ petId: randomUUID(), walk, meters: 100 + walk, at }));
}
