/**
 * Container image references, parsed as the original parses them (distribution's reference grammar
 * as vendored by openshift/library-go), so that the same images are counted and the same ones skipped.
 */

// The grammar is written without the original's optional separator (`[-]*` may match nothing), which
// makes a backtracking engine explore every split of a name on a failed match; the language is the same.
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
 * What identifies a running image: its digest (`sha256:…`) when the reference carries one, otherwise
 * the reference as written. `undefined` when the reference is not valid, which the original skips.
 * @param image - a container status `image`, for example `quay.io/org/app@sha256:…`
 */
export function imageIdentity(image: string): string | undefined {
  const m = REFERENCE.exec(image);
  if (m === null || (m[1] ?? '').length > NAME_MAX) return undefined;
  const digest = m[3];
  if (digest === undefined) return image;
  const colon = digest.indexOf(':');
  const expected = DIGEST_HEX_LENGTH.get(digest.slice(0, colon));
  return expected === digest.length - colon - 1 ? digest : undefined;
}
