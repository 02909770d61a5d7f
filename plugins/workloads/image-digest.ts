/**
 * Image references parsed as the original parses them (distribution's reference grammar, vendored by
 * openshift/library-go's `reference.Parse`), keeping only what `workload_info` needs: the digest.
 */

// Written without the original's optional separator (`[-]*` may match nothing), which would make a
// backtracking engine explore every split of a name on a failed match; the language is the same.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST_COMPONENT = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOSTNAME = `${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*(?::[0-9]+)?`;
const NAME = `(?:${HOSTNAME}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** Longest repository name the grammar accepts. */
const NAME_MAX = 255;
/** Hex length of each digest algorithm the original accepts. */
const DIGEST_HEX_LENGTH: ReadonlyMap<string, number> = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);

/**
 * The original's `idForImageReference`: the digest (`sha256:…`) of a reference such as
 * `quay.io/org/app@sha256:…`, or `''` when the reference is invalid or carries no digest.
 */
export function idForImageReference(reference: string): string {
  if (reference === '') return '';
  const m = REFERENCE.exec(reference);
  if (m === null || (m[1] ?? '').length > NAME_MAX) return '';
  const digest = m[3];
  if (digest === undefined) return '';
  const colon = digest.indexOf(':');
  return DIGEST_HEX_LENGTH.get(digest.slice(0, colon)) === digest.length - colon - 1 ? digest : '';
}
