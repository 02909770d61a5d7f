import { randomBytes } from 'node:crypto';

/**
 * Random id of this process's life. In a container the operator is often pid 1 on every restart, so a
 * pid alone cannot tell a crashed predecessor's temporary file from our own.
 */
export const PROCESS_INSTANCE: string = randomBytes(4).toString('hex');
