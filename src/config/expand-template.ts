import { fail, succeed, type Result } from './result.js';

/** One piece of a supervisord-style `%(name)s` template. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'key'; key: string; leftAlign: boolean; zeroPad: boolean; width: number; conversion: 's' | 'd'; raw: string };

// Python %-format, restricted to what supervisord configs use:
// optional `-` / `0` flags, a width, and the s or d conversion.
const KEY = /^%\(([A-Za-z0-9_]+)\)([-0]*)(\d*)([sd])/;

/** Splits a template into text and keys; `%%` is a literal %. */
export function parseTemplate(template: string): Result<TemplatePart[]> {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const percent = template.indexOf('%', i);
    if (percent === -1) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, percent);
    const rest = template.slice(percent);
    if (rest.startsWith('%%')) {
      text += '%';
      i = percent + 2;
      continue;
    }
    const match = KEY.exec(rest);
    if (match === null) return fail(describeBadKey(rest));
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    const [raw, key, flags, width, conversion] = match;
    parts.push({
      kind: 'key',
      key: key!,
      leftAlign: flags!.includes('-'),
      zeroPad: flags!.includes('0'),
      width: width === '' ? 0 : Number(width),
      conversion: conversion as 's' | 'd',
      raw,
    });
    i = percent + raw.length;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return succeed(parts);
}

/**
 * Expands every `%(key)s` / `%(key)d` / `%(key)02d`. The engine calls this per
 * process at spawn time; config validation has already checked syntax and
 * keys, so a failure here is a programming error and throws a TypeError.
 */
export function expandTemplate(template: string, vars: Record<string, string | number>): string {
  const parts = parseTemplate(template);
  if (!parts.ok) throw new TypeError(`invalid template ${JSON.stringify(template)}: ${parts.message}`);
  return parts.value.map((part) => (part.kind === 'text' ? part.text : formatKey(part, vars))).join('');
}

/** The keys a template uses, in order of first appearance; throws a TypeError on bad syntax. */
export function findTemplateKeys(template: string): string[] {
  const parts = parseTemplate(template);
  if (!parts.ok) throw new TypeError(`invalid template ${JSON.stringify(template)}: ${parts.message}`);
  const keys = parts.value.flatMap((part) => (part.kind === 'key' ? [part.key] : []));
  return [...new Set(keys)];
}

/**
 * Expands only the keys present in `vars` and leaves everything else (other
 * keys, `%%`) verbatim, so the result is still a template. Used to settle
 * `%(here)s` in paths at load time, before they are made absolute.
 */
export function substituteTemplateKeys(template: string, vars: Record<string, string | number>): string {
  const parts = parseTemplate(template);
  if (!parts.ok) return template;
  return parts.value
    .map((part) => {
      if (part.kind === 'text') return part.text.replaceAll('%', '%%');
      return part.key in vars ? formatKey(part, vars).replaceAll('%', '%%') : part.raw;
    })
    .join('');
}

function formatKey(part: Extract<TemplatePart, { kind: 'key' }>, vars: Record<string, string | number>): string {
  const value = vars[part.key];
  if (value === undefined) throw new TypeError(`template key "${part.key}" has no value`);
  let text: string;
  if (part.conversion === 'd') {
    const number = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'string' && value.trim() === '') throw new TypeError(`template key "${part.key}" needs a number for %d, got ""`);
    if (!Number.isFinite(number)) throw new TypeError(`template key "${part.key}" needs a number for %d, got ${JSON.stringify(value)}`);
    const digits = String(Math.abs(Math.trunc(number)));
    const sign = number < 0 ? '-' : '';
    text = part.zeroPad && !part.leftAlign ? sign + digits.padStart(part.width - sign.length, '0') : sign + digits;
  } else {
    text = String(value);
  }
  return part.leftAlign ? text.padEnd(part.width) : text.padStart(part.width);
}

function describeBadKey(rest: string): string {
  const shown = JSON.stringify(rest.slice(0, 20));
  if (!rest.startsWith('%(')) return `expected %(name)s or %% for a literal %, got ${shown}`;
  if (!rest.includes(')')) return `expected a closing ) in ${shown}`;
  return `expected %(name)s, %(name)d or %(name)02d, got ${shown}`;
}
