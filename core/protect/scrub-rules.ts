/**
 * The secret scrubber's rule table: the last net behind structural exclusion and anonymisation. Shapes
 * learnt from replicatedhq/troubleshoot's default redactors and the Datadog agent scrubber, tuned on the
 * real sample archive so that Kubernetes references (`secretKeyRef`, `secretName`, `osp-secret`) and masks
 * already present stay untouched.
 *
 * A rule masks only the named group(s) in `mask`, so key names, quotes and structure survive and JSON
 * stays JSON. Most rules are global patterns (`gd`) behind a substring gate. The named-value family
 * (`password: x`, `"apiKey": "x"`, `DB_PASSWORD=x`, env objects) is anchored instead: one pass of
 * {@link SECRET_KEY_FINDER} finds every key that ends in a secret word, and each anchored rule is tried,
 * sticky (`yd`), at that key's first character. The first anchored rule that matches a key wins.
 *
 * Text is scanned as latin1 (one char per byte), which is why classes say `[ \t]` rather than `\s` where
 * a stray 0xA0 byte must not count.
 */

/** What replaces a secret. */
export const MASK = '***HIDDEN***';

/** YAML reads a plain `***HIDDEN***` as an alias; quoted, it stays a string in YAML, JSON strings and shells. */
const QUOTED_MASK = `'${MASK}'`;

/** One rule: a pattern, the group holding the secret, and the checks that keep false positives out. */
export interface ScrubRule {
  /** Stable name, reported in `redactions.json`. */
  readonly name: string;
  /**
   * Flags `gd`; or `yd` for an anchored rule, whose pattern starts at a key's first character (what
   * precedes the key is checked by lookbehind).
   */
  readonly pattern: RegExp;
  /** `key`: tried at each key that {@link SECRET_KEY_FINDER} finds, instead of over the whole text. */
  readonly anchor?: 'key';
  /** Named groups that may hold the secret; the first that took part in a match is masked. */
  readonly mask: readonly string[];
  /** Cheap test on the whole text (substring search); the pattern runs only when it passes. */
  readonly gate?: (text: string) => boolean;
  /** Whether a candidate really is a secret; `key` is the `key` group when the pattern has one. */
  readonly accept?: (value: string, key: string | undefined) => boolean;
  /** Replacement text; {@link MASK} unless said otherwise. */
  readonly replacement?: string;
}

/** Key suffixes that name a secret value. Matched at the END of a key: `passwordPolicy` is no secret. */
const KEY_SUFFIX = String.raw`(?<=pass(?:word|wd|phrase)|pwd|token|secret|(?:api|access|secret|private)[_-]?key|apikey|credentials?)`;
/** A key ending in a secret word. */
const KEY = String.raw`(?<key>[A-Za-z0-9_.\-]{1,200}${KEY_SUFFIX})`;
/** Characters of a key. */
const KEY_CHAR = /[A-Za-z0-9_.\-]/;

/**
 * The single pass of the named-value family: the secret word at the END of a key (not followed by another
 * key character). Longer alternatives first, so `secret_key` is found whole.
 */
export const SECRET_KEY_FINDER =
  /(?:pass(?:word|wd|phrase)|pwd|token|(?:api|access|secret|private)[_-]?key|apikey|secret|credentials?)(?![A-Za-z0-9_.\-])/gi;

/** Where the key ending at `end` starts. */
export function keyStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && start > end - 200 && KEY_CHAR.test(text[start - 1]!)) start--;
  return start;
}

/** Body of a JSON string (level 0): no raw quote or newline, escapes allowed. */
const JSON_STR = String.raw`(?:[^"\\\n]|\\.)*`;
/**
 * Body of a JSON string nested inside a JSON string (level 1, as in `last-applied-configuration`): plain
 * chars, an outer escape (`\n`, `\u..`), an inner escape (`\\n`), an inner escaped quote (`\\\"`) or
 * backslash (`\\\\`). A lone `\"` ends it.
 */
const JSON_STR_1 = String.raw`(?:[^\\"]|\\{4}|\\{3}"|\\{2}[^\\"]|\\[^\\"])*`;

/** Values that are already masks: ours, `[REDACTED]`, `<redacted>`, stars, and the original's `xxxx`. */
const ALREADY_MASKED = /^(?:\**HIDDEN\**|\[?REDACTED\]?|<redacted>|\[hidden\]|<hidden>|\*+|x+)$/i;
/** Values that point at a secret instead of holding it: `$VAR`, `${VAR}`, `$(VAR)`, `{{ .Values.x }}`. */
const REFERENCE = /^(?:\$\{[A-Za-z_][\w.]*\}|\$\([A-Za-z_]\w*\)|\$[A-Za-z_]\w*|\{\{.*\}\})$/;
/** A value naming itself a secret (`osp-secret`, `MetadataSecret`): a Secret's NAME, not its content. */
const SECRET_NAME = /(?:^|[^A-Za-z])(?:secret|Secret|SECRET)s?(?![a-z])|[a-z0-9]Secrets?(?![a-z])/;
/**
 * A dotted lowercase name (`vora.conf.checkpoint-connection`, `ca-bundle.pem`): how CRDs and flags name
 * the Secret (or the key inside it) a `...Secret`/`secretKey` field points at. Real secrets are not made
 * of dotted lowercase words; JWTs have dots but mixed case.
 */
const DOTTED_NAME = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/;
/** Typed non-strings in YAML: booleans, null, numbers. */
const YAML_SCALAR = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/i;
/** Shell variables that are not passwords. */
const NOT_SECRET_KEYS = /^-*(?:old)?pwd$/i;

function unquote(value: string): string {
  const v = value.startsWith('\\"') && value.endsWith('\\"') && value.length >= 4 ? value.slice(2, -2) : value;
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}

/** The checks every named value passes: not empty, not a mask, not a reference, not a Secret's name. */
function namedValue(value: string, key: string | undefined): boolean {
  const v = value.trim();
  if (v === '' || ALREADY_MASKED.test(v) || v.includes(MASK) || REFERENCE.test(v)) return false;
  if (key !== undefined) {
    if (NOT_SECRET_KEYS.test(key)) return false;
    if (/secret(?:[_-]?key)?s?$/i.test(key) && (SECRET_NAME.test(v) || DOTTED_NAME.test(v))) return false;
  }
  return true;
}

function yamlValue(value: string, key: string | undefined): boolean {
  const v = unquote(value.trim());
  return !YAML_SCALAR.test(v) && namedValue(v, key);
}

function shellValue(value: string, key: string | undefined): boolean {
  return !/^(?:true|false|null|none|nil)$/i.test(value) && namedValue(value, key);
}

function notMasked(value: string): boolean {
  return value !== '' && !value.includes(MASK) && !ALREADY_MASKED.test(value) && !REFERENCE.test(value);
}

/** Whether base64 text decodes to `user:password`-looking printable text. */
function decodesToUserPass(value: string): boolean {
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) && /^[^:]+:./.test(decoded);
}

/** `gh[pousr]_` or `github_pat_` somewhere: a walk over the (few) `gh` pairs beats a regex pass. */
function hasGithubPrefix(text: string): boolean {
  for (let at = text.indexOf('gh'); at >= 0; at = text.indexOf('gh', at + 2)) {
    if (text[at + 3] === '_' && 'pousr'.includes(text[at + 2]!)) return true;
  }
  return text.includes('github_pat_');
}

function re(source: string, flags = ''): RegExp {
  return new RegExp(source, `gd${flags}`);
}

/** Anchored rules are case-insensitive: `DB_PASSWORD`, `dbPassword` and `password` are all keys. */
function anchored(source: string, flags = ''): RegExp {
  return new RegExp(source, `ydi${flags}`);
}

/** The rules, in the order they run. Earlier masks are skipped by later rules (`***HIDDEN***` is a mask). */
export const SCRUB_RULES: readonly ScrubRule[] = [
  {
    // Keeps the BEGIN line; the body ends at END, at a JSON string's end (never eating the escaping
    // backslashes before it, so JSON stays JSON), or at the end of the text (a truncated log).
    name: 'pem-private-key',
    gate: (t) => t.includes('PRIVATE KEY-----'),
    pattern: re(String.raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(?<body>(?:[^"\\\-]|-(?!----END )|\\+[^"\\])*)`),
    mask: ['body'],
    accept: (v) => /[A-Za-z0-9+/=]{16}/.test(v),
  },
  {
    name: 'bearer-token',
    gate: (t) => t.includes('Bearer') || t.includes('bearer') || t.includes('BEARER'),
    pattern: re(String.raw`\bbearer[ \t]+(?<token>[A-Za-z0-9\-._~+/]{8,4096}=*)`, 'i'),
    mask: ['token'],
    // "bearer authentication" is prose; real tokens carry digits (JWTs, sha256~ tokens, hex).
    accept: (v) => /\d/.test(v) && notMasked(v),
  },
  {
    name: 'basic-auth',
    gate: (t) => t.includes('Basic') || t.includes('basic') || t.includes('BASIC'),
    pattern: re(String.raw`\bbasic[ \t]+(?<credentials>[A-Za-z0-9+/]{8,4096}={0,2})(?![A-Za-z0-9+/=])`, 'i'),
    mask: ['credentials'],
    accept: decodesToUserPass,
  },
  {
    // Only the password: the user and host stay readable. RFC 3986 percent-encodes `@` in userinfo.
    name: 'url-userinfo',
    gate: (t) => t.includes('://'),
    pattern: re(String.raw`:\/\/[^\s:/?#@"'\\]{1,256}:(?<password>[^\s/?#@"'\\]{1,256})@`),
    mask: ['password'],
    accept: notMasked,
  },
  {
    name: 'go-dsn',
    gate: (t) => t.includes('@tcp') || t.includes('@unix(') || t.includes('@udp('),
    pattern: re(String.raw`(?<![A-Za-z0-9_.\-])[A-Za-z0-9_.\-]{1,64}:(?<password>[^\s@/"'\\]{1,256})@(?:tcp6?|udp6?|unix)\(`),
    mask: ['password'],
    accept: notMasked,
  },
  {
    name: 'aws-access-key-id',
    gate: (t) => t.includes('AKIA') || t.includes('ASIA'),
    pattern: re(String.raw`(?<![A-Z0-9])(?:AKIA|ASIA)(?<id>[A-Z0-9]{16})(?![A-Z0-9])`),
    mask: ['id'],
  },
  {
    name: 'azure-storage-key',
    gate: (t) => t.includes('AccountKey=') || t.includes('SharedAccess'),
    pattern: re(String.raw`\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)=(?<key>[^;"'\s\\]{1,4096})`),
    mask: ['key'],
    accept: notMasked,
  },
  {
    name: 'github-token',
    gate: hasGithubPrefix,
    pattern: re(String.raw`(?:gh[pousr]_|github_pat_)(?<![A-Za-z0-9_]gh[pousr]_|[A-Za-z0-9_]github_pat_)(?<token>[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])`),
    mask: ['token'],
  },
  {
    name: 'slack-token',
    gate: (t) => t.includes('xox'),
    pattern: re(String.raw`(?<![A-Za-z0-9])xox[abposr]-(?<token>[A-Za-z0-9-]{10,250})`),
    mask: ['token'],
  },
  {
    // .dockerconfigjson's `auth` is base64 of `user:password`; `auths`/`auth: {...}` are not strings.
    name: 'docker-auth',
    // Every .dockerconfigjson has an `auths` map; `uths` because a rare first letter makes the search fast.
    gate: (t) => t.includes('uths'),
    pattern: re(String.raw`(?<q>\\?)"auth\k<q>"[ \t]*:[ \t]*\k<q>"(?<auth>[A-Za-z0-9+/]{8,4096}={0,2})\k<q>"`),
    mask: ['auth'],
    accept: decodesToUserPass,
  },
  {
    name: 'json-named-value',
    anchor: 'key',
    pattern: anchored(String.raw`(?<=(?<!\\)")${KEY}"[ \t]*:[ \t]*"(?<value>${JSON_STR})"`),
    mask: ['value'],
    accept: namedValue,
  },
  {
    // JSON inside a JSON string: kubectl's last-applied-configuration annotation and friends.
    name: 'escaped-json-named-value',
    anchor: 'key',
    pattern: anchored(String.raw`(?<=\\")${KEY}\\"[ \t]*:[ \t]*\\"(?<value>${JSON_STR_1})\\"`),
    mask: ['value'],
    accept: namedValue,
  },
  {
    // Pod env: the secret word is in the NAME, the secret in the value that follows it.
    name: 'env-value',
    anchor: 'key',
    pattern: anchored(String.raw`(?<="name"[ \t]*:[ \t]*")${KEY}"[ \t]*,\s*"value"[ \t]*:[ \t]*"(?<value>${JSON_STR})"`),
    mask: ['value'],
    accept: namedValue,
  },
  {
    name: 'escaped-env-value',
    anchor: 'key',
    pattern: anchored(String.raw`(?<=\\"name\\"[ \t]*:[ \t]*\\")${KEY}\\"[ \t]*,[ \t]*\\"value\\"[ \t]*:[ \t]*\\"(?<value>${JSON_STR_1})\\"`),
    mask: ['value'],
    accept: namedValue,
  },
  {
    name: 'yaml-env-value',
    anchor: 'key',
    pattern: anchored(
      String.raw`(?<=(?:^|\\n)[ \t]*(?:-[ \t]+)?name:[ \t]*["']?)${KEY}["']?[ \t]*(?:\r?\n|\\n)[ \t]*value:[ \t]+(?<value>"[^"\n]*"|'[^'\n]*'|[^\s#"'{\[&*!|>\\](?:[^\n"\\]|\\(?![nr"]))*?)(?=[ \t]*(?:#|$|\\[nr"]|"))`,
      'm',
    ),
    mask: ['value'],
    accept: yamlValue,
    replacement: QUOTED_MASK,
  },
  {
    // Unquoted keys at line start, in a YAML file or in YAML held by a JSON string (`\n` escapes).
    name: 'yaml-named-value',
    anchor: 'key',
    pattern: anchored(
      String.raw`(?<=(?:^|\\n)[ \t]*(?:-[ \t]+)?)${KEY}[ \t]*:[ \t]+(?<value>"[^"\n]*"|'[^'\n]*'|\\"[^"\\\n]*\\"|[^\s#"'{\[&*!|>\\](?:[^\n"\\]|\\(?![nr"]))*?)(?=[ \t]*(?:#|$|\\[nr"]|"))`,
      'm',
    ),
    mask: ['value'],
    accept: yamlValue,
    replacement: QUOTED_MASK,
  },
  {
    // KEY=value: env files, shell, command-line flags (`--db-password=x`), URL query strings (`?token=x`).
    name: 'key-equals-value',
    anchor: 'key',
    pattern: anchored(
      String.raw`${KEY}[ \t]*=[ \t]*(?:"(?<dq>[^"\n\\]{1,4096})"|'(?<sq>[^'\n\\]{1,4096})'|(?<plain>[^\s"'&;,\\=<>][^\s"'&;,\\<>]{0,4095}))`,
    ),
    mask: ['dq', 'sq', 'plain'],
    accept: shellValue,
  },
];
