/**
 * Field anonymization helpers, the same rules as the original operator's `pkg/utils/anonymize`, for
 * gathering functions to mask values before they become records. Every helper returns a new value and
 * never modifies its input.
 * @packageDocumentation
 */

const encoder = new TextEncoder();

/**
 * A string of `x`, as long as the value's UTF-8 bytes (the original's `anonymize.String`): the length
 * survives, which is sometimes useful for diagnosis, the content does not.
 * @param value - the sensitive text
 */
export function maskString(value: string): string {
  return 'x'.repeat(encoder.encode(value).length);
}

/**
 * A URL with every character except `.`, `-`, `/` and `:` replaced by `x` (the original's
 * `anonymize.URL`): the shape (scheme, port separator, path depth) stays, names and credentials do not.
 * @param value - a URL or host name
 */
export function maskUrl(value: string): string {
  return value.replace(/[^.\-/:]/gu, 'x');
}

/**
 * {@link maskUrl} applied to each item of a comma-separated list, as `noProxy` values are written.
 * @param value - for example `.cluster.local,10.0.0.0/16`
 */
export function maskUrlList(value: string): string {
  return value.split(',').map(maskUrl).join(',');
}

/** Environment variable names whose values are masked in container specs: proxy URLs can carry credentials. */
export const SENSITIVE_ENV_NAMES: RegExp = /HTTP_PROXY|HTTPS_PROXY/;

/** The parts of a container spec {@link maskSensitiveEnv} looks at. */
export interface ContainerLike {
  env?: Array<{ name?: string; value?: string; [key: string]: unknown }> | null;
  [key: string]: unknown;
}

/**
 * Containers with the values of proxy variables (names matching {@link SENSITIVE_ENV_NAMES}) masked,
 * as the original's `anonymize.SensitiveEnvVars`.
 * @param containers - `spec.containers` (or init containers) of a pod or pod template
 */
export function maskSensitiveEnv<C extends ContainerLike>(containers: readonly C[] | null | undefined): C[] {
  return (containers ?? []).map((container) => {
    if (!container.env?.some((e) => SENSITIVE_ENV_NAMES.test(e.name ?? ''))) return container;
    return {
      ...container,
      env: container.env.map((e) => (SENSITIVE_ENV_NAMES.test(e.name ?? '') && typeof e.value === 'string' ? { ...e, value: maskString(e.value) } : e)),
    };
  });
}

/** What a PEM block is replaced by: the markers stay, so a reader still sees that a certificate was there. */
export const ANONYMIZED_PEM_BLOCK = '-----BEGIN CERTIFICATE-----\nANONYMIZED\n-----END CERTIFICATE-----\n';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?\r?\n?-----END \1-----\r?\n?/g;

/**
 * Text with the body of every PEM block (certificates, keys) replaced by {@link ANONYMIZED_PEM_BLOCK}.
 * The original only does this when the whole value parses as PEM blocks and otherwise keeps the value
 * as it is; here every block is replaced wherever it stands, so that a key followed by a comment is
 * masked too.
 * @param text - a ConfigMap value or any text that may embed PEM
 */
export function anonymizePemBlocks(text: string): string {
  return text.replace(PEM_BLOCK, ANONYMIZED_PEM_BLOCK);
}

/**
 * A deep copy of `object` with the string at each path masked by `mask` ({@link maskString} by default).
 * Missing paths and non-string values are left alone.
 * @param object - a JSON object, such as an API object
 * @param paths - property paths, for example `[['spec', 'identityProviders', '0', 'name']]`
 * @param mask - how to mask the value
 */
export function withMaskedFields<T>(object: T, paths: ReadonlyArray<readonly string[]>, mask: (value: string) => string = maskString): T {
  const copy = structuredClone(object) as unknown;
  for (const path of paths) {
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) {
      parent = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[key] : undefined;
    }
    const last = path.at(-1);
    if (last === undefined || typeof parent !== 'object' || parent === null) continue;
    const holder = parent as Record<string, unknown>;
    if (typeof holder[last] === 'string') holder[last] = mask(holder[last] as string);
  }
  return copy as T;
}
