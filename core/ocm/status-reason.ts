import { STATUS_CODES } from 'node:http';

/** Where Go's `http.StatusText` words a status differently from Node's table. */
const GO_STATUS_TEXT: Readonly<Record<number, string>> = {
  413: 'Request Entity Too Large',
  414: 'Request URI Too Long',
  416: 'Requested Range Not Satisfiable',
  418: "I'm a teapot",
};

/**
 * The condition reason of a failed OCM request, as the original derives it: the status text without
 * spaces (`404` → `NotFound`, which the `SimpleContentAccessNotAvailable` alert matches). A code with no
 * text becomes `HTTP<code>`, where the original would write an empty reason.
 */
export function statusReason(statusCode: number): string {
  const text = GO_STATUS_TEXT[statusCode] ?? STATUS_CODES[statusCode];
  return text === undefined ? `HTTP${statusCode}` : text.replaceAll(' ', '');
}
