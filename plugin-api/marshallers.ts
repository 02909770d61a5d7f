/**
 * Turns a record's item into the bytes stored in the archive, and says which extension the archive
 * path gets (`json`, or `''` for none).
 */
export interface Marshaller {
  /** Extension appended to the record name as `.<extension>`; empty for none. */
  readonly extension: string;
  /** The bytes to store; a string is stored as UTF-8. */
  marshal(): Uint8Array | string;
}

/**
 * Compact JSON of any value, extension `json` (the original's `JSONMarshaller`).
 * @param value - anything `JSON.stringify` accepts
 */
export function json(value: unknown): Marshaller {
  return {
    extension: 'json',
    marshal: () => {
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError(`json(): value of type ${typeof value} has no JSON form`);
      return text;
    },
  };
}

/** The parts of a Kubernetes object the Resource marshaller looks at. */
export interface ResourceLike {
  metadata?: { managedFields?: unknown; [key: string]: unknown } | undefined;
  [key: string]: unknown;
}

/**
 * A Kubernetes object as compact JSON without `metadata.managedFields`, extension `json` (the original's
 * `ResourceMarshaller`). The object passed in is not modified.
 * @param object - the API object, as the server returned it
 */
export function resource(object: ResourceLike): Marshaller {
  return {
    extension: 'json',
    marshal: () => {
      const metadata = object.metadata;
      if (metadata === undefined || !('managedFields' in metadata)) return JSON.stringify(object);
      const { managedFields: _dropped, ...rest } = metadata;
      return JSON.stringify({ ...object, metadata: rest });
    },
  };
}

/**
 * Bytes or text stored as they are, with no extension (the original's `marshal.Raw`), for example
 * `config/id` or log excerpts.
 * @param data - the content
 * @param extension - an extension to append, such as `log`; none by default
 */
export function raw(data: string | Uint8Array, extension = ''): Marshaller {
  return { extension, marshal: () => data };
}
