import { parse } from 'semver';

/**
 * Whether the operator's `RELEASE_VERSION` differs in major or minor from a version already written in
 * `status.versions` (then `Progressing=True/Openshift Upgrade`). False on the first write (no previous
 * versions) and when `releaseVersion` does not parse; previous versions that do not parse are ignored.
 */
export function isMajorMinorChange(previousVersions: readonly string[], releaseVersion: string): boolean {
  const next = parse(releaseVersion);
  if (next === null) return false;
  return previousVersions.some((v) => {
    const prev = parse(v);
    return prev !== null && (prev.major !== next.major || prev.minor !== next.minor);
  });
}
