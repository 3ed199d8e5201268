import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fastify, { type FastifyInstance } from 'fastify';
import t from 'tap';
import { createLogger } from '../../src/logger.js';
import { createStorage, serveLocalStorage, type Storage, type StoredObject } from '../../src/services/storage/index.js';

/**
 * One contract, two drivers: every assertion runs on the local folder driver and on the S3 driver
 * (the real minio client against an s3rver loopback server), so a plugin that works on a laptop
 * works against MinIO. HTTP serving of local files has its own tests at the end.
 */
const log = createLogger({ logLevel: (process.env.PETAMIGOS_TEST_LOG as 'debug' | undefined) ?? 'silent' });
const signingSecret = 'test-secret-0123456789abcdef';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
const ZIP = (() => {
  const name = Buffer.from('hello.txt');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(10, 4);
  header.writeUInt32LE(5, 18);
  header.writeUInt32LE(5, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, Buffer.from('hello')]);
})();

interface Fetched {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

interface Harness {
  storage: Storage;
  /** Reads a URL the way a browser would: through the file server (local) or from S3. */
  fetch(url: string): Promise<Fetched>;
  /** Anything a failed upload could leave behind: temp files, orphan blobs, unfinished multipart uploads. */
  leftovers(): Promise<number>;
  /**
   * Whether listings come in byte order of keys. S3 and MinIO list that way, s3rver does not (it
   * walks its folders), so against s3rver only the listed set is compared.
   */
  byteOrdered: boolean;
  teardown(): Promise<void>;
}

const drivers: Record<'local' | 's3', { title: string; open(): Promise<Harness> }> = {
  local: {
    title: 'local driver on a temporary folder',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'petamigos-storage-'));
      const storage = await createStorage({ driver: 'local', local: { dir, publicBaseUrl: 'http://localhost:3000/files' }, signingSecret, log });
      const app = Fastify();
      await serveLocalStorage(app, { storage, signingSecret, prefix: '/files' });
      const countFiles = async (folder: string): Promise<number> => {
        const entries = await readdir(folder, { recursive: true, withFileTypes: true });
        return entries.filter((e) => e.isFile()).length;
      };
      return {
        storage,
        byteOrdered: true,
        async fetch(url) {
          const { pathname, search } = new URL(url);
          const res = await app.inject({ method: 'GET', url: pathname + search });
          return { status: res.statusCode, body: res.rawPayload, headers: res.headers as Fetched['headers'] };
        },
        async leftovers() {
          let objects = 0;
          for await (const _ of storage.list('')) objects += 1;
          return (await countFiles(join(dir, 'tmp'))) + (await countFiles(join(dir, 'blobs'))) - objects;
        },
        async teardown() {
          await app.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  s3: {
    title: 'S3 driver via the real minio client against an s3rver loopback server',
    // s3rver runs in a child process (fixtures/s3rver-process.mjs), as S3 would, so the memory
    // test measures the driver and not the server.
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'petamigos-s3rver-'));
      const bucket = 'petamigos-test';
      const server = fork(fileURLToPath(new URL('./fixtures/s3rver-process.mjs', import.meta.url)), [dir, bucket], { execArgv: [], stdio: 'inherit' });
      const exited = once(server, 'exit');
      const [{ port, uploads }] = (await Promise.race([once(server, 'message'), exited.then(() => Promise.reject(new Error('s3rver did not start')))])) as [{ port: number; uploads: string }];
      const s3 = { endPoint: '127.0.0.1', port, useSSL: false, bucket, region: 'us-east-1', accessKey: 'S3RVER', secretKey: 'S3RVER' };
      const storage = await createStorage({ driver: 's3', s3, signingSecret, log });
      return {
        storage,
        byteOrdered: false,
        async fetch(url) {
          const res = await fetch(url);
          return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: Object.fromEntries(res.headers) };
        },
        async leftovers() {
          return (await readdir(uploads).catch(() => [])).length;
        },
        async teardown() {
          server.disconnect();
          await exited;
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
};

async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}


/**
 * A stream of `total` random bytes made as they are read, with the MD5 of what it produced.
 * `onMegabyte` runs after each MiB handed out, to observe the consumer while it is consuming.
 */
function generated(total: number, onMegabyte?: () => void): { stream: Readable; md5: () => string } {
  const hash = createHash('md5');
  let produced = 0;
  const stream = Readable.from(
    (function* () {
      while (produced < total) {
        const chunk = randomBytes(Math.min(64 * 1024, total - produced));
        hash.update(chunk);
        produced += chunk.length;
        if (produced % (1024 * 1024) === 0) onMegabyte?.();
        yield chunk;
      }
    })(),
  );
  return { stream, md5: () => hash.digest('hex') };
}

/**
 * Memory still referenced, after a full collection: a driver that buffered the upload would make
 * this grow with the file, while garbage from a streaming one (chunks already written) does not
 * count, which keeps the measurement stable.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function retainedBytes(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const isStorageError = (code: string) => ({ name: 'StorageError', code });

for (const [name, driver] of Object.entries(drivers)) {
  t.test(driver.title, async (t) => {
    const h = await driver.open();
    t.teardown(() => h.teardown());
    const { storage } = h;
    t.equal(storage.driver, name);
    const keys = async (objects: AsyncIterable<StoredObject>): Promise<string[]> => {
      const found: string[] = [];
      for await (const object of objects) found.push(object.key);
      return h.byteOrdered ? found : found.sort();
    };

    t.test('put, get, stat, list and delete', async (t) => {
      const put = await storage.put('docs/hello.txt', Buffer.from('hola, mundo 🐶\n'));
      t.match(put, { key: 'docs/hello.txt', size: Buffer.byteLength('hola, mundo 🐶\n'), contentType: 'text/plain', private: false });
      t.type(put.etag, 'string');
      t.ok(put.etag.length > 0);
      t.type(put.lastModified, Date);
      t.same(await storage.stat('docs/hello.txt'), put);
      const { stream, object } = await storage.get('docs/hello.txt');
      t.equal((await read(stream)).toString(), 'hola, mundo 🐶\n');
      t.same(object, put);

      const again = await storage.put('docs/hello.txt', Buffer.from('adiós'));
      t.not(again.etag, put.etag, 'the etag follows the content');
      t.equal((await read((await storage.get('docs/hello.txt')).stream)).toString(), 'adiós');

      await storage.put('docs/other.txt', Buffer.from('x'));
      await storage.put('docs', Buffer.from('a key that is also a folder name'));
      t.same(await keys(storage.list('docs/')), ['docs/hello.txt', 'docs/other.txt']);
      t.same(await keys(storage.list('docs')), ['docs', 'docs/hello.txt', 'docs/other.txt']);

      await storage.delete('docs/hello.txt');
      t.equal(await storage.stat('docs/hello.txt'), null);
      await t.rejects(storage.get('docs/hello.txt'), isStorageError('NOT_FOUND'));
      await storage.delete('docs/hello.txt');
      t.same(await keys(storage.list('docs/')), ['docs/other.txt']);
      for (const key of ['docs/other.txt', 'docs']) await storage.delete(key);
    });

    t.test('listings are in byte order of keys and honour partial prefixes', async (t) => {
      const all = ['ab/x.txt', 'a0.txt', 'a/c/d.txt', 'a-b.txt', 'a/b.txt', 'b.txt'];
      for (const key of all) await storage.put(`order/${key}`, Buffer.from(key));
      t.same(await keys(storage.list('order/')), ['a-b.txt', 'a/b.txt', 'a/c/d.txt', 'a0.txt', 'ab/x.txt', 'b.txt'].map((k) => `order/${k}`));
      t.same(await keys(storage.list('order/a/')), ['order/a/b.txt', 'order/a/c/d.txt']);
      t.same(await keys(storage.list('order/a')), ['a-b.txt', 'a/b.txt', 'a/c/d.txt', 'a0.txt', 'ab/x.txt'].map((k) => `order/${k}`));
      t.same(await keys(storage.list('order/nothing')), []);
      for (const key of all) await storage.delete(`order/${key}`);
      t.same(await keys(storage.list('order/')), []);
    });

    t.test('a 30 MB upload streams through without being buffered', async (t) => {
      const size = 30 * 1024 * 1024;
      const baseline = retainedBytes();
      let peak = baseline;
      const source = generated(size, () => (peak = Math.max(peak, retainedBytes())));
      const object = await storage.put('big/video.bin', source.stream, { maxBytes: 64 * 1024 * 1024 });
      const growth = peak - baseline;
      // Local holds a chunk or two; S3 one 5 MiB part (now and then two, while the HTTP client
      // lets go of the last). A driver that buffered the upload would hold all 30 MB.
      t.ok(growth < size / 2, `memory held while storing 30 MB peaked at +${(growth / 1048576).toFixed(1)} MB`);
      t.equal(object.size, size);
      t.equal(object.contentType, 'application/octet-stream');
      const hash = createHash('md5');
      for await (const chunk of (await storage.get('big/video.bin')).stream) hash.update(chunk);
      t.equal(hash.digest('hex'), source.md5(), 'the stored bytes are the uploaded bytes');
      await storage.delete('big/video.bin');
    });

    t.test('maxBytes rejects oversized uploads and leaves nothing behind', async (t) => {
      const original = await storage.put('limits/avatar.bin', randomBytes(1000));
      const oversized = generated(12 * 1024 * 1024);
      await t.rejects(storage.put('limits/avatar.bin', oversized.stream, { maxBytes: 7 * 1024 * 1024 }), isStorageError('TOO_LARGE'));
      t.ok(oversized.stream.destroyed, 'the upload stream is destroyed, not left hanging');
      t.same(await storage.stat('limits/avatar.bin'), original, 'the object already under the key is intact');
      await t.rejects(storage.put('limits/new.bin', generated(2 * 1024 * 1024).stream, { maxBytes: 1024 * 1024 }), isStorageError('TOO_LARGE'));
      t.equal(await storage.stat('limits/new.bin'), null);
      await t.rejects(storage.put('limits/tiny.bin', randomBytes(200), { maxBytes: 100 }), isStorageError('TOO_LARGE'), 'even within the sniffed head');
      t.equal((await storage.put('limits/exact.bin', randomBytes(100), { maxBytes: 100 })).size, 100, 'exactly maxBytes is fine');
      t.equal(await h.leftovers(), 0, 'no temp files, orphan blobs or unfinished multipart uploads');
      t.same(await keys(storage.list('limits/')), ['limits/avatar.bin', 'limits/exact.bin']);
      for (const key of ['limits/avatar.bin', 'limits/exact.bin']) await storage.delete(key);
    });

    t.test('the type is sniffed from the bytes, and accept is enforced on it', async (t) => {
      const png = await storage.put('sniff/notes.txt', PNG);
      t.equal(png.contentType, 'image/png', 'a PNG named .txt is a PNG');
      t.equal((await storage.put('sniff/avatar', PNG, { accept: ['image/*'] })).contentType, 'image/png');
      t.equal((await storage.put('sniff/exact', PNG, { accept: ['image/png'] })).contentType, 'image/png');
      await t.rejects(storage.put('sniff/avatar.png', EXE, { accept: ['image/*'] }), isStorageError('UNSUPPORTED_TYPE'), 'an exe claimed as an image');
      await t.rejects(storage.put('sniff/photo.jpg', ZIP, { accept: ['image/*'] }), isStorageError('UNSUPPORTED_TYPE'), 'a zip claimed as an image');
      await t.rejects(storage.put('sniff/photo.gif', Buffer.from('<svg onload="alert(1)"/>'), { accept: ['image/*'] }), isStorageError('UNSUPPORTED_TYPE'));
      t.equal(await storage.stat('sniff/avatar.png'), null);
      t.equal(await storage.stat('sniff/photo.jpg'), null);
      t.equal((await storage.put('sniff/archive', ZIP)).contentType, 'application/zip');
      t.equal((await storage.put('sniff/blob', Buffer.from([0, 1, 2, 3, 255, 254]))).contentType, 'application/octet-stream');
      t.equal((await storage.put('sniff/readme', Buffer.from('ñandú '.repeat(2000)))).contentType, 'text/plain', 'UTF-8 cut mid-character by the sample is still text');
      t.equal(await h.leftovers(), 0);
      for await (const object of storage.list('sniff/')) await storage.delete(object.key);
    });

    t.test('keys that could escape their folder are refused everywhere', async (t) => {
      const bad = ['../escaped', '../../etc/passwd', '/abs', 'a/../../escaped', 'a//b', 'a/./b', '.hidden', 'a/.git/config', 'a\\..\\b', 'a/b/', '', 'nul\0byte', '%2e%2e/x', 'sp ace', 'x'.repeat(1025), 'ü'];
      for (const key of bad) {
        await t.rejects(storage.put(key, Buffer.from('x')), isStorageError('INVALID_KEY'), `put ${JSON.stringify(key)}`);
        await t.rejects(storage.get(key), isStorageError('INVALID_KEY'));
        await t.rejects(storage.stat(key), isStorageError('INVALID_KEY'));
        await t.rejects(storage.delete(key), isStorageError('INVALID_KEY'));
        await t.rejects(storage.url(key), isStorageError('INVALID_KEY'));
      }
      const upload = Readable.from([Buffer.from('x')]);
      await t.rejects(storage.namespace('feed').put('../escaped', upload), isStorageError('INVALID_KEY'));
      t.ok(upload.destroyed, 'a refused upload is released even before it is read');
      await t.rejects(keys(storage.list('../')), isStorageError('INVALID_KEY'));
      await t.rejects(keys(storage.namespace('feed').list('../')), isStorageError('INVALID_KEY'));
      t.throws(() => storage.namespace('..'), isStorageError('INVALID_KEY'));
      t.notOk(existsSync(join(tmpdir(), 'escaped')));
    });

    t.test('public URLs are plain; private ones are signed and expire', async (t) => {
      await storage.put('urls/public.txt', Buffer.from('for everyone'));
      await storage.put('urls/private.txt', Buffer.from('for you'), { private: true });
      await storage.put('urls/other.txt', Buffer.from('someone else'), { private: true });

      const plain = await storage.url('urls/public.txt');
      t.notMatch(plain, /signature/i, 'no signature on a public URL');
      t.equal((await h.fetch(plain)).body.toString(), 'for everyone');

      const signed = await storage.url('urls/private.txt');
      t.match(signed, /signature/i);
      const ok = await h.fetch(signed);
      t.equal(ok.status, 200);
      t.equal(ok.body.toString(), 'for you');

      if (name === 'local') {
        // s3rver checks the expiry of presigned URLs but not their signatures (MinIO and AWS do).
        const forbidden = (res: Fetched) => res.status === 403 && JSON.parse(res.body.toString()).error.code === 'FORBIDDEN';
        t.ok(forbidden(await h.fetch(signed.split('?')[0]!)), 'a private object without a signature is 403');
        const tampered = signed.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`);
        t.ok(forbidden(await h.fetch(tampered)), 'a tampered signature is 403');
        const longer = signed.replace(/expires=(\d+)/, (_, e: string) => `expires=${Number(e) + 3600}`);
        t.ok(forbidden(await h.fetch(longer)), 'a stretched expiry is 403');
        const other = await storage.url('urls/other.txt');
        t.ok(forbidden(await h.fetch(signed.split('?')[0]! + '?' + other.split('?')[1]!)), "another object's signature is 403");
        const res = await h.fetch(tampered);
        t.same(JSON.parse(res.body.toString()), { error: { code: 'FORBIDDEN', message: 'This file can only be read through a valid signed link.', details: null } });
      }

      const shortLived = await storage.url('urls/private.txt', { expiresInSeconds: 1 });
      t.equal((await h.fetch(shortLived)).status, 200);
      await sleep(2100);
      const expired = await h.fetch(shortLived);
      t.equal(expired.status, 403, 'expired');
      await t.rejects(storage.url('urls/private.txt', { expiresInSeconds: 0 }), RangeError);
      await t.rejects(storage.url('urls/private.txt', { expiresInSeconds: 8 * 86400 }), RangeError);
      await t.rejects(storage.url('urls/missing.txt'), isStorageError('NOT_FOUND'));

      // Turning a public object private must take its plain URL away too.
      await storage.put('urls/public.txt', Buffer.from('now private'), { private: true });
      t.equal((await storage.stat('urls/public.txt'))?.private, true);
      t.match(await storage.url('urls/public.txt'), /signature/i);
      t.same(await keys(storage.list('urls/')), ['urls/other.txt', 'urls/private.txt', 'urls/public.txt'], 'listed once');
      for (const key of ['urls/public.txt', 'urls/private.txt', 'urls/other.txt']) await storage.delete(key);
      t.equal(await storage.stat('urls/public.txt'), null, 'deleted from both places');
    });

    t.test('byte ranges', async (t) => {
      await storage.put('ranges/digits.txt', Buffer.from('0123456789'));
      const part = await storage.get('ranges/digits.txt', { start: 2, end: 5 });
      t.equal((await read(part.stream)).toString(), '2345');
      t.equal(part.object.size, 10, 'the object describes the whole file');
      t.equal((await read((await storage.get('ranges/digits.txt', { start: 7 })).stream)).toString(), '789');
      t.equal((await read((await storage.get('ranges/digits.txt', { start: 8, end: 100 })).stream)).toString(), '89');
      await t.rejects(storage.get('ranges/digits.txt', { start: 10 }), isStorageError('INVALID_RANGE'));
      await t.rejects(storage.get('ranges/digits.txt', { start: 5, end: 2 }), isStorageError('INVALID_RANGE'));
      await storage.put('ranges/empty', Buffer.alloc(0));
      t.equal((await read((await storage.get('ranges/empty')).stream)).length, 0);
      await storage.delete('ranges/digits.txt');
      await storage.delete('ranges/empty');
    });

    t.test('namespaces are folders that cannot see each other', async (t) => {
      const feed = storage.namespace('feed');
      const feedback = storage.namespace('feedback');
      const object = await feed.put('a.txt', Buffer.from('feed'), { private: true });
      await feedback.put('a.txt', Buffer.from('feedback'));
      t.equal(object.key, 'a.txt', 'keys are relative to the view');
      t.equal((await read((await feed.get('a.txt')).stream)).toString(), 'feed');
      t.equal((await read((await feedback.get('a.txt')).stream)).toString(), 'feedback');
      t.same(await keys(feed.list('')), ['a.txt'], 'feed does not list feedback/');
      t.equal((await storage.stat('feed/a.txt'))?.size, 4, 'the view is the folder feed/');
      await t.rejects(feed.stat('../feedback/a.txt'), isStorageError('INVALID_KEY'));
      const nested = feed.namespace('photos/');
      await nested.put('1.png', PNG);
      t.same(await keys(feed.list('')), ['a.txt', 'photos/1.png']);
      t.equal((await h.fetch(await feed.url('a.txt'))).body.toString(), 'feed', 'a view signs URLs for the full key');
      t.equal((await h.fetch(await nested.url('1.png'))).status, 200);
      for (const key of ['feed/a.txt', 'feedback/a.txt', 'feed/photos/1.png']) await storage.delete(key);
      t.same(await keys(storage.list('')), [], 'every test cleaned up after itself');
    });
  });
}

t.test('serving local files over HTTP', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'petamigos-serve-'));
  const storage = await createStorage({ driver: 'local', local: { dir, publicBaseUrl: 'http://localhost:3000/files/' }, signingSecret, log });
  const app: FastifyInstance = Fastify();
  await serveLocalStorage(app, { storage, signingSecret, prefix: '/files' });
  t.teardown(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  const digits = await storage.put('media/digits.txt', Buffer.from('0123456789'));
  await storage.put('media/photo.png', PNG);
  await storage.put('media/secret.txt', Buffer.from('private bytes'), { private: true });
  await storage.put('media/tool.exe', EXE);
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  t.test('whole files with validators and long-lived caching', async (t) => {
    const res = await get('/files/media/digits.txt');
    t.equal(res.statusCode, 200);
    t.equal(res.body, '0123456789');
    t.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    t.equal(res.headers['content-length'], '10');
    t.equal(res.headers['accept-ranges'], 'bytes');
    t.equal(res.headers.etag, `"${digits.etag}"`);
    t.equal(res.headers['last-modified'], digits.lastModified.toUTCString());
    t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    t.equal(res.headers['x-content-type-options'], 'nosniff');
    const png = await get('/files/media/photo.png');
    t.equal(png.headers['content-type'], 'image/png');
    t.match(png.headers['content-disposition'], /^inline/);
    t.same(png.rawPayload, PNG);
    t.match((await get('/files/media/tool.exe')).headers['content-disposition'], /^attachment; filename="tool.exe"/, 'executables are downloaded, never rendered');
    const head = await app.inject({ method: 'HEAD', url: '/files/media/digits.txt' });
    t.equal(head.statusCode, 200);
    t.equal(head.headers['content-length'], '10');
    t.equal(head.body, '');
  });

  t.test('304 when the client already has it', async (t) => {
    const etag = `"${digits.etag}"`;
    const cached = await get('/files/media/digits.txt', { 'if-none-match': etag });
    t.equal(cached.statusCode, 304);
    t.equal(cached.body, '');
    t.equal(cached.headers.etag, etag);
    t.equal((await get('/files/media/digits.txt', { 'if-none-match': `"other", W/${etag}` })).statusCode, 304, 'weak and listed tags match');
    t.equal((await get('/files/media/digits.txt', { 'if-none-match': '"stale"' })).statusCode, 200);
    t.equal((await get('/files/media/digits.txt', { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() })).statusCode, 304);
    t.equal((await get('/files/media/digits.txt', { 'if-modified-since': new Date(Date.now() - 3_600_000).toUTCString() })).statusCode, 200);
  });

  t.test('range requests', async (t) => {
    const part = await get('/files/media/digits.txt', { range: 'bytes=2-5' });
    t.equal(part.statusCode, 206);
    t.equal(part.body, '2345');
    t.equal(part.headers['content-range'], 'bytes 2-5/10');
    t.equal(part.headers['content-length'], '4');
    t.equal(part.headers['accept-ranges'], 'bytes');
    const open = await get('/files/media/digits.txt', { range: 'bytes=7-' });
    t.equal(open.statusCode, 206);
    t.equal(open.body, '789');
    const suffix = await get('/files/media/digits.txt', { range: 'bytes=-3' });
    t.equal(suffix.body, '789');
    t.equal(suffix.headers['content-range'], 'bytes 7-9/10');
    const clamped = await get('/files/media/digits.txt', { range: 'bytes=8-999' });
    t.equal(clamped.headers['content-range'], 'bytes 8-9/10');

    const beyond = await get('/files/media/digits.txt', { range: 'bytes=10-20' });
    t.equal(beyond.statusCode, 416);
    t.equal(beyond.headers['content-range'], 'bytes */10');
    t.equal(beyond.json().error.code, 'RANGE_NOT_SATISFIABLE');
    t.equal((await get('/files/media/digits.txt', { range: 'bytes=-0' })).statusCode, 416);

    const garbage = await get('/files/media/digits.txt', { range: 'bytes=5-2' });
    t.equal(garbage.statusCode, 200, 'an invalid Range header is ignored');
    t.equal(garbage.body, '0123456789');
    t.equal((await get('/files/media/digits.txt', { range: 'bytes=0-1,4-5' })).statusCode, 200, 'multiple ranges: the whole file');
    const stale = await get('/files/media/digits.txt', { range: 'bytes=0-1', 'if-range': '"old"' });
    t.equal(stale.statusCode, 200, 'If-Range with an old etag gets the whole, current file');
    const current = await get('/files/media/digits.txt', { range: 'bytes=0-1', 'if-range': `"${digits.etag}"` });
    t.equal(current.statusCode, 206);
  });

  t.test('private files: signed, not cached, and the error body on refusal', async (t) => {
    const signed = new URL(await storage.url('media/secret.txt', { expiresInSeconds: 60 }));
    t.equal(signed.origin + signed.pathname, 'http://localhost:3000/files/media/secret.txt', 'a trailing slash on publicBaseUrl does not double');
    const ok = await get(signed.pathname + signed.search);
    t.equal(ok.statusCode, 200);
    t.equal(ok.body, 'private bytes');
    t.equal(ok.headers['cache-control'], 'private, no-store');
    const ranged = await get(signed.pathname + signed.search, { range: 'bytes=0-6' });
    t.equal(ranged.statusCode, 206);
    t.equal(ranged.body, 'private');
    const denied = await get(signed.pathname);
    t.equal(denied.statusCode, 403);
    t.same(denied.json(), { error: { code: 'FORBIDDEN', message: 'This file can only be read through a valid signed link.', details: null } });
    const past = new URL(signed);
    past.searchParams.set('expires', '1000');
    t.equal((await get(past.pathname + past.search)).statusCode, 403, 'an old expiry with the current signature');
  });

  t.test('missing files and hostile paths are 404 with the error body', async (t) => {
    const missing = await get('/files/media/nope.txt');
    t.equal(missing.statusCode, 404);
    t.same(missing.json(), { error: { code: 'NOT_FOUND', message: 'No such file.', details: null } });
    for (const url of ['/files/..%2F..%2Fetc%2Fpasswd', '/files/media/..%2Fsecret.txt', '/files/.hidden', '/files/']) {
      const res = await get(url);
      t.equal(res.statusCode, 404, url);
      t.same(res.json(), { error: { code: 'NOT_FOUND', message: 'No such file.', details: null } });
    }
    // Dot segments in the path itself are resolved by the router before it reaches the file server.
    t.equal((await get('/files/%2e%2e/%2e%2e/etc/passwd')).statusCode, 404);
  });
});
