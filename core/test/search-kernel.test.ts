import t from 'tap';
import { definePlugin, Type } from '@petamigos/core';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';

/** A plugin that indexes "tips" people write, public or private. */
const tips = definePlugin({
  name: 'tips',
  version: '1.0.0',
  kernel: '^0.1.0',
  search: { notes: { fields: [{ name: 'title', weight: 'A' }, { name: 'body', weight: 'B' }], language: 'es' } },
  routes(app, ctx) {
    app.post('/', { preHandler: ctx.auth.requireUser, schema: { body: Type.Object({ id: Type.String(), title: Type.String(), body: Type.String(), public: Type.Boolean() }) } }, async (request) => {
      await ctx.search.upsert('notes', [{ id: request.body.id, title: request.body.title, body: request.body.body, visibility: { public: request.body.public, ownerId: request.user!.id } }]);
      return { ok: true };
    });
  },
});

t.test('one search route across enabled plugins, with visibility and typo tolerance', async (t) => {
  await eachDatabase(t, 'search through the kernel', async (t, database) => {
    const k = await startTestKernel({ plugins: [tips], database });
    t.teardown(() => k.close());
    const ana = await k.createUser();
    const beto = await k.createUser();
    const write = (who: typeof ana, body: object) => k.app.inject({ method: 'POST', url: '/api/tips', headers: who.headers, payload: body });
    await write(ana, { id: 'n1', title: 'Cómo bañar a tu perro', body: 'Agua tibia y paciencia', public: true });
    await write(ana, { id: 'n2', title: 'Diario secreto de mi perro', body: 'Nadie debe leer esto', public: false });
    const search = (q: string, who?: typeof ana) => k.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}`, headers: who?.headers ?? {} });

    const asStranger = (await search('perro', beto)).json();
    t.same(asStranger.hits.map((h: { id: string }) => h.id), ['n1'], 'the public document is found; the private one is hidden from a stranger');
    t.same((await search('perro', ana)).json().hits.map((h: { id: string }) => h.id).sort(), ['n1', 'n2'], 'the owner sees both');
    t.same((await search('perrro')).json().hits.map((h: { id: string }) => h.id), ['n1'], 'one typo still finds it, even anonymously');
    t.same((await search('banar')).json().hits.map((h: { id: string }) => h.id), ['n1'], 'accents do not matter');
    t.equal((await k.app.inject('/api/search?q=x&index=nope.things')).statusCode, 400);

    await k.app.inject({ method: 'POST', url: `/api/users/${ana.user.username}/block`, headers: beto.headers });
    t.same((await search('perro', beto)).json().hits, [], 'blocked people\'s documents never appear');
    await k.kernel.plugins.disable('tips');
    t.same((await search('perro')).json().hits, [], 'a disabled plugin\'s index is not searched');
  });
});
