import { useMemo, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Checkbox, Row, Select, Stack, TextArea, TextInput, useToast } from '@petamigos/theme';
import { api, ApiError, useFormat, useT, useTranslateAny } from '@petamigos/web';
import type { SettingsView } from '../types.js';
import { fieldsOf, fromInput, humanize, problemsByField, toInput, type FieldProblem, type FieldSpec, type InputValue } from './schema-fields.js';

type Translate = ReturnType<typeof useT>;

const LOCALIZED_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'multipleOf', 'anyOf', 'enum', 'const', 'format']);

/** The schema's limits in words, under the field: "Between 0 and 20", "Must match ^[a-z]+$"… */
function hintsOf(spec: FieldSpec, t: Translate, number: (n: number) => string): string[] {
  const hints: string[] = [];
  const low = spec.minimum ?? spec.exclusiveMinimum;
  const high = spec.maximum ?? spec.exclusiveMaximum;
  if (spec.kind === 'integer' || spec.kind === 'number') {
    if (spec.minimum !== undefined && spec.maximum !== undefined) hints.push(t('settings.hint.between', { min: number(spec.minimum), max: number(spec.maximum) }));
    else if (spec.exclusiveMinimum !== undefined) hints.push(t('settings.hint.above', { min: number(spec.exclusiveMinimum) }));
    else if (low !== undefined) hints.push(t('settings.hint.atLeast', { min: number(low) }));
    if (spec.exclusiveMaximum !== undefined) hints.push(t('settings.hint.below', { max: number(spec.exclusiveMaximum) }));
    else if (high !== undefined && spec.minimum === undefined) hints.push(t('settings.hint.atMost', { max: number(high) }));
    if (spec.kind === 'integer') hints.push(t('settings.hint.whole'));
  }
  if (spec.kind === 'stringArray') {
    hints.push(t('settings.hint.onePerLine'));
    if (spec.maxItems !== undefined) hints.push(t('settings.hint.maxItems', { max: spec.maxItems }));
    if (spec.options) hints.push(t('settings.hint.allowed', { values: spec.options.join(', ') }));
  }
  if (spec.kind === 'string' || spec.kind === 'stringArray') {
    if (spec.minLength !== undefined && spec.maxLength !== undefined) hints.push(t('settings.hint.lengthBetween', { min: spec.minLength, max: spec.maxLength }));
    else if (spec.maxLength !== undefined) hints.push(t('settings.hint.lengthAtMost', { max: spec.maxLength }));
    else if (spec.minLength !== undefined) hints.push(t('settings.hint.lengthAtLeast', { min: spec.minLength }));
    if (spec.pattern) hints.push(t('settings.hint.pattern', { pattern: spec.pattern }));
    if (spec.format) hints.push(t('settings.hint.format', { format: spec.format }));
  }
  if (spec.kind === 'json') hints.push(t('settings.hint.json'));
  if (spec.default !== undefined && !spec.secret) {
    const shown = Array.isArray(spec.default) ? spec.default.join(', ') || '—' : typeof spec.default === 'number' ? number(spec.default) : typeof spec.default === 'boolean' ? t(spec.default ? 'settings.on' : 'settings.off') : typeof spec.default === 'object' ? JSON.stringify(spec.default) : String(spec.default);
    hints.push(t('settings.hint.default', { value: shown }));
  }
  return hints;
}

/** The schema's own message when it has one, else the rule in the reader's language, else the server's words. */
function problemText(problem: FieldProblem, spec: FieldSpec | undefined, t: Translate): string {
  if (spec?.errorMessage) return spec.errorMessage;
  const keyword = problem.keyword;
  const params = problem.params ?? {};
  if (keyword === 'type') {
    const key = `settings.error.type_${String(params.type)}`;
    const text = t(key);
    return text === key ? problem.message : text;
  }
  if (keyword && LOCALIZED_KEYWORDS.has(keyword)) {
    const key = `settings.error.${keyword === 'const' || keyword === 'enum' ? 'anyOf' : keyword}`;
    return t(key, { limit: String(params.limit ?? ''), pattern: String(params.pattern ?? spec?.pattern ?? ''), format: String(params.format ?? spec?.format ?? '') });
  }
  return problem.message;
}

interface Props {
  plugin: string;
  view: SettingsView;
  onSaved(view: SettingsView): void;
}

/**
 * A form generated from the plugin's settings schema: numbers, text, switches, choices and lists,
 * each with the schema's limits as hints. The server validates with the same schema and its
 * answer is shown next to the field it names. Keys the config file sets are read-only; secrets
 * are never shown, only whether one is set, with a field to replace it.
 */
export function SettingsForm({ plugin, view, onSaved }: Props) {
  const t = useT('admin');
  const tn = useTranslateAny();
  const toast = useToast();
  const { number } = useFormat();
  const specs = useMemo(() => fieldsOf(view.schema), [view.schema]);
  const initial = useMemo(() => Object.fromEntries(specs.map((s) => [s.key, s.secret ? '' : toInput(s, view.values[s.key])])) as Record<string, InputValue>, [specs, view.values]);
  const [inputs, setInputs] = useState(initial);
  const [problems, setProblems] = useState(new Map<string, string>());
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // A fresh view from the server (after saving) starts the form over from its values.
  const [seen, setSeen] = useState(view);
  if (seen !== view) {
    setSeen(view);
    setInputs(initial);
  }

  const label = (spec: FieldSpec) => {
    const key = `settings.${spec.key}.label`;
    const own = tn(plugin, key);
    return own !== key ? own : (spec.title ?? humanize(spec.key));
  };
  const description = (spec: FieldSpec) => {
    const key = `settings.${spec.key}.description`;
    const own = tn(plugin, key);
    return own !== key ? own : spec.description;
  };

  async function save(patch: Record<string, unknown>) {
    setBusy(true);
    setFormError(undefined);
    setProblems(new Map());
    try {
      const next = await api.put<SettingsView>(`/api/admin/plugins/${encodeURIComponent(plugin)}/settings`, patch);
      toast(t('settings.saved'), 'success');
      onSaved(next);
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        setFormError(t('errors.unexpected'));
        return;
      }
      const byField = problemsByField(caught.details);
      const shown = new Map<string, string>();
      for (const [field, problem] of byField) {
        const spec = specs.find((s) => s.key === field);
        if (spec) shown.set(field, problem.message || problem.keyword ? problemText(problem, spec, t) : caught.message);
      }
      setProblems(shown);
      if (shown.size === 0) setFormError(caught.message);
      else setFormError(t('settings.fixErrors', { count: shown.size }));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const patch: Record<string, unknown> = {};
    const local = new Map<string, string>();
    for (const spec of specs) {
      const field = view.fields[spec.key];
      if (field?.locked) continue;
      const input = inputs[spec.key] ?? '';
      if (spec.secret) {
        if (typeof input === 'string' && input !== '') patch[spec.key] = input;
        continue;
      }
      if (input === initial[spec.key]) continue;
      const parsed = fromInput(spec, input);
      if ('problem' in parsed) local.set(spec.key, t(parsed.problem === 'number' ? 'settings.error.type_number' : 'settings.error.json'));
      else patch[spec.key] = parsed.value;
    }
    if (local.size > 0) {
      setProblems(local);
      setFormError(t('settings.fixErrors', { count: local.size }));
      return;
    }
    if (Object.keys(patch).length === 0) {
      setFormError(undefined);
      setProblems(new Map());
      toast(t('settings.nothingChanged'), 'info');
      return;
    }
    void save(patch);
  }

  const set = (key: string, value: InputValue) => setInputs((current) => ({ ...current, [key]: value }));

  if (specs.length === 0) return <p className="adm-muted">{t('settings.none')}</p>;

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.formLabel', { plugin })}>
      <Stack gap={4}>
        {formError && <Alert tone="error">{formError}</Alert>}
        {specs.map((spec) => {
          const field = view.fields[spec.key] ?? { source: 'default', locked: false, secret: spec.secret, set: false };
          const hints = [description(spec), ...hintsOf(spec, t, number)].filter(Boolean).join(' · ');
          const error = problems.get(spec.key);
          const value = inputs[spec.key] ?? '';
          const common = { name: spec.key, label: label(spec), hint: hints || undefined, error, disabled: field.locked || busy };
          return (
            <div key={spec.key} className="adm-setting" data-setting={spec.key}>
              {spec.secret ? (
                <Stack gap={2}>
                  <Row gap={2} align="center" wrap>
                    <span className="adm-setting__label">{label(spec)}</span>
                    <Badge tone={field.set ? 'success' : 'neutral'}>{field.set ? t('settings.secretSet') : t('settings.secretNotSet')}</Badge>
                  </Row>
                  <TextInput {...common} label={t('settings.secretReplace', { name: label(spec) })} type="password" autoComplete="new-password" value={String(value)} onChange={(e) => set(spec.key, e.target.value)} />
                </Stack>
              ) : spec.kind === 'boolean' ? (
                <>
                  <Checkbox name={spec.key} label={label(spec)} hint={hints || undefined} checked={value === true} disabled={field.locked || busy} onChange={(e) => set(spec.key, e.target.checked)} />
                  {error && (
                    <p className="adm-field-error" role="alert">
                      {error}
                    </p>
                  )}
                </>
              ) : spec.kind === 'enum' ? (
                <Select {...common} value={String(value)} onChange={(e) => set(spec.key, e.target.value)} options={[...(spec.required ? [] : [{ value: '', label: t('settings.unset') }]), ...(spec.options ?? []).map((o) => ({ value: o, label: o }))]} />
              ) : spec.kind === 'stringArray' || spec.kind === 'json' ? (
                <TextArea {...common} rows={spec.kind === 'json' ? 6 : 4} value={String(value)} onChange={(e) => set(spec.key, e.target.value)} spellCheck={false} />
              ) : (
                <TextInput
                  {...common}
                  type={spec.kind === 'string' ? 'text' : 'number'}
                  inputMode={spec.kind === 'integer' ? 'numeric' : spec.kind === 'number' ? 'decimal' : undefined}
                  min={spec.minimum ?? spec.exclusiveMinimum}
                  max={spec.maximum ?? spec.exclusiveMaximum}
                  step={spec.kind === 'integer' ? 1 : 'any'}
                  minLength={spec.minLength}
                  maxLength={spec.maxLength}
                  pattern={spec.pattern}
                  value={String(value)}
                  onChange={(e) => set(spec.key, e.target.value)}
                />
              )}
              <Row gap={2} align="center" wrap className="adm-setting__meta">
                {field.locked && <Badge>{t('settings.locked')}</Badge>}
                {field.source === 'admin' && !field.locked && (
                  <>
                    <Badge tone="primary">{t('settings.changedHere')}</Badge>
                    <Button type="button" variant="ghost" size="sm" disabled={busy} onClick={() => void save({ [spec.key]: null })}>
                      {t('settings.useDefault', { name: label(spec) })}
                    </Button>
                  </>
                )}
              </Row>
            </div>
          );
        })}
        <Row gap={2} justify="end">
          <Button type="button" variant="secondary" disabled={busy} onClick={() => { setInputs(initial); setProblems(new Map()); setFormError(undefined); }}>
            {t('actions.undo')}
          </Button>
          <Button type="submit" busy={busy} disabled={busy}>
            {t('settings.save')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
