/** A declared archive path split into its matcher and its literal extension. */
interface DeclaredPath {
  path: string;
  /** Matches a record name (the path without the extension). */
  stem: RegExp;
  /** The literal extension after the last `.` of the last segment, `''` when none. */
  extension: string;
}

const PLACEHOLDER = /\{[^{}/]+\}/g;

/**
 * Why a declared path is unusable, or undefined: it must be relative, without `.`/`..` or empty
 * segments, as the archive's paths are.
 * @param path - one entry of a function's `paths`
 */
export function declaredPathProblem(path: string): string | undefined {
  if (path.startsWith('/')) return `declared path "${path}" is absolute; archive paths are relative`;
  if (/^[A-Za-z]:[\\/]/.test(path) || path.includes('\\')) return `declared path "${path}" uses a Windows path; archive paths use "/"`;
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return `declared path "${path}" contains ".."`;
  if (segments.some((s) => s === '.' || s === '')) return `declared path "${path}" has "." or empty segments`;
  return undefined;
}

function parse(path: string): DeclaredPath {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  const tail = dot > slash ? path.slice(dot + 1) : '';
  const extension = tail !== '' && !tail.includes('}') ? tail : '';
  const stemText = extension === '' ? path : path.slice(0, dot);
  const source = stemText.split(PLACEHOLDER).map(escape).join('[^/]+');
  return { path, stem: new RegExp(`^${source}$`), extension };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Why a record does not fit its function's declared paths, or undefined when one declared path
 * matches it: its name against the path without extension (`{placeholder}` = one path segment or part
 * of one), and its marshaller's extension against the path's.
 * @param declared - the function's `paths`
 * @param name - the record name (without extension)
 * @param extension - its marshaller's extension (`json` for json() and resource(), none for raw())
 */
export function recordPathProblem(declared: readonly string[], name: string, extension: string): string | undefined {
  const full = extension === '' ? name : `${name}.${extension}`;
  const paths = declared.map(parse);
  // `json()` on a name that already ends in `.json` writes `x.json.json`; checked first, since a
  // `{placeholder}` would take `a.json` as well.
  if (extension !== '' && name.endsWith(`.${extension}`) && paths.some((p) => p.extension === extension && p.stem.test(name.slice(0, -extension.length - 1)))) {
    return `record "${full}": the name already ends in ".${extension}" and its marshaller adds another; name records without the extension`;
  }
  if (paths.some((p) => p.extension === extension && p.stem.test(name))) return undefined;
  const sameStem = paths.find((p) => p.stem.test(name));
  if (sameStem !== undefined) {
    return `record "${full}": its marshaller gives ${extension === '' ? 'no extension' : `".${extension}"`} but the declared path "${sameStem.path}" ${sameStem.extension === '' ? 'has none' : `ends in ".${sameStem.extension}"`}`;
  }
  return `record "${full}" is not declared in paths (${declared.length === 0 ? 'none declared' : declared.map((p) => `"${p}"`).join(', ')})`;
}
