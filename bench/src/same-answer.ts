import { isDeepStrictEqual } from 'node:util';

/**
 * Fails unless both servers answer the path with 200 and the same JSON (after `normalise`), so a
 * throughput figure can never compare a real answer with an error page or an empty list.
 */
export async function assertSameAnswer(
  kernelOrigin: string,
  baselineOrigin: string,
  path: string,
  normalise: (body: unknown) => unknown = (body) => body,
): Promise<unknown> {
  const [kernel, baseline] = await Promise.all([fetchJson(kernelOrigin + path), fetchJson(baselineOrigin + path)]);
  if (!isDeepStrictEqual(normalise(kernel), normalise(baseline))) {
    throw new Error(`kernel and baseline answer ${path} differently:\n  kernel:   ${JSON.stringify(kernel)}\n  baseline: ${JSON.stringify(baseline)}`);
  }
  return kernel;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}
