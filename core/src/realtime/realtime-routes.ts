import Type from 'typebox';
import type { AccountsService } from '../accounts/accounts-service.js';
import type { HttpApp } from '../http/create-http-app.js';
import type { RealtimeHub } from './realtime-hub.js';

/**
 * `GET /api/realtime`: one authenticated WebSocket per client. Browsers cannot set headers on a
 * WebSocket, so the access token may also come as `?token=`; it is checked before the upgrade, so
 * a bad token gets a plain 401. Anonymous sockets may read public channels only; every
 * subscription is authorised by the channel's owner.
 */
export async function realtimeRoutes(app: HttpApp, hub: RealtimeHub, accounts: AccountsService): Promise<void> {
  app.get('/', {
    websocket: true,
    schema: {
      tags: ['realtime'],
      summary: 'WebSocket: send {type:"subscribe",channel,lastId?}; receive {type:"message",channel,id,data}, "resync", "error"',
      querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) }),
    },
    preValidation: async (request) => {
      const token = (request.query as { token?: string }).token;
      if (!request.user && token) request.user = await accounts.authenticate(token);
    },
  }, (socket, request) => {
    hub.attach(socket, request.user);
  });
}
