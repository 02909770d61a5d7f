/**
 * The lines of `log` that `matches` accepts, each ending in `\n`, in log order; `''` when none does.
 * The log is scanned in place rather than split, so that only the kept lines are copied: a 6-hour log
 * can be large and usually very few of its lines are wanted. A line is tested without its line ending
 * (`\n` or `\r\n`), as Go's line scanner hands lines to the original's regexes, so that `$` anchors at
 * the end of the text.
 * @param log - a container log as the API returns it
 * @param matches - whether a line is kept
 */
export function matchingLines(log: string, matches: (line: string) => boolean): string {
  const kept: string[] = [];
  let start = 0;
  while (start < log.length) {
    const newline = log.indexOf('\n', start);
    const end = newline === -1 ? log.length : newline;
    const line = log.slice(start, end > start && log.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (matches(line)) kept.push(line);
    start = end + 1;
  }
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`;
}
