import t from 'tap';
import { Type } from '@petamigos/core';
import { fieldsOf, fromInput, humanize, problemsByField, toInput } from '../src/settings/schema-fields.js';

// The same TypeBox schemas plugins write, as the admin API hands them to the form (plain JSON).
const json = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

t.test('a settings schema becomes form fields with its limits', async (t) => {
  const fields = fieldsOf(
    json(
      Type.Object({
        max: Type.Integer({ minimum: 0, maximum: 20, default: 4, description: 'Pictures per post' }),
        ratio: Type.Number({ exclusiveMinimum: 0 }),
        slug: Type.String({ pattern: '^[a-z]+$', minLength: 2, maxLength: 30, errorMessage: 'Lowercase letters only.' }),
        on: Type.Boolean({ default: true }),
        mode: Type.Union([Type.Literal('fast'), Type.Literal('safe')], { default: 'safe' }),
        maybe: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
        tags: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 3 }),
        token: Type.String({ writeOnly: true }),
        nested: Type.Object({ a: Type.Integer() }),
        note: Type.Union([Type.String({ maxLength: 5 }), Type.Null()]),
      }),
    ),
  );
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
  t.match(byKey.max, { kind: 'integer', minimum: 0, maximum: 20, default: 4, description: 'Pictures per post', required: true, secret: false });
  t.match(byKey.ratio, { kind: 'number', exclusiveMinimum: 0 });
  t.match(byKey.slug, { kind: 'string', pattern: '^[a-z]+$', minLength: 2, maxLength: 30, errorMessage: 'Lowercase letters only.' });
  t.match(byKey.on, { kind: 'boolean', default: true });
  t.match(byKey.mode, { kind: 'enum', options: ['fast', 'safe'], required: true });
  t.match(byKey.maybe, { kind: 'enum', options: ['a', 'b'], required: false }, 'an optional choice may be left unset');
  t.match(byKey.tags, { kind: 'stringArray', maxItems: 3, maxLength: 10 });
  t.match(byKey.token, { kind: 'string', secret: true });
  t.match(byKey.nested, { kind: 'json' });
  t.match(byKey.note, { kind: 'string', maxLength: 5 }, 'a nullable string is edited as a string');
});

t.test('values to form input and back', async (t) => {
  const [integer, list, flag, text, object] = fieldsOf(
    json(Type.Object({ n: Type.Integer(), l: Type.Array(Type.String()), f: Type.Boolean(), s: Type.String(), o: Type.Object({ a: Type.Integer() }) })),
  );
  t.equal(toInput(integer!, 4), '4');
  t.same(fromInput(integer!, ' 21 '), { value: 21 });
  t.same(fromInput(integer!, ''), { value: null }, 'an emptied field returns the key to its default');
  t.same(fromInput(integer!, '4.5'), { value: 4.5 }, 'a fraction is sent as is: the server says it must be whole');
  t.same(fromInput(integer!, 'abc'), { problem: 'number' });
  t.equal(toInput(list!, ['dog', 'cat']), 'dog\ncat');
  t.same(fromInput(list!, 'dog\n\n cat \n'), { value: ['dog', 'cat'] }, 'one per line, blanks dropped');
  t.equal(toInput(flag!, undefined), false);
  t.same(fromInput(flag!, true), { value: true });
  t.same(fromInput(text!, 'hola'), { value: 'hola' });
  t.equal(toInput(object!, { a: 1 }), '{\n  "a": 1\n}');
  t.same(fromInput(object!, '{"a": 2}'), { value: { a: 2 } });
  t.same(fromInput(object!, '{a: 2}'), { problem: 'json' });
});

t.test("the server's validation answer, by setting", async (t) => {
  const problems = problemsByField([
    { in: 'body', field: 'maxImagesPerPost', message: 'must be <= 20', keyword: 'maximum', params: { comparison: '<=', limit: 20 } },
    { in: 'body', field: 'species.2', message: 'must NOT have fewer than 2 characters', keyword: 'minLength', params: { limit: 2 } },
  ]);
  t.match(problems.get('maxImagesPerPost'), { message: 'must be <= 20', keyword: 'maximum', params: { limit: 20 } });
  t.match(problems.get('species'), { keyword: 'minLength' }, 'an item of a list is the list');
  t.match(problemsByField({ field: 'fromFile' }).get('fromFile'), { field: 'fromFile' }, "SETTING_LOCKED's details name the field too");
  t.equal(problemsByField(undefined).size, 0);
});

t.test('labels from setting names', async (t) => {
  t.equal(humanize('maxImagesPerPost'), 'Max images per post');
  t.equal(humanize('api_key'), 'Api key');
  t.equal(humanize('homeCacheSize'), 'Home cache size');
});
