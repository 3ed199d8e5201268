/**
 * A piece of SQL with its `?` parameters, composable with the `sql` tag: interpolated values become
 * parameters, interpolated fragments are spliced in. Search queries are assembled from optional
 * parts (text match, filters, cursor), and this keeps every value a parameter while they are.
 */
export class Fragment {
  constructor(readonly text: string, readonly params: readonly unknown[]) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Fragment) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return new Fragment(text, params);
}

/** Trusted SQL text (identifiers and keywords chosen by the code, never by input). */
export function raw(text: string): Fragment {
  return new Fragment(text, []);
}

export function join(parts: Fragment[], separator: string): Fragment {
  return new Fragment(parts.map((p) => p.text).join(separator), parts.flatMap((p) => p.params));
}
