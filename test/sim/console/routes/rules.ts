import { checkBearer } from '../auth.ts';
import { reply } from '../reply.ts';
import type { RouteHandler } from './context.ts';

/** `GET /api/gathering/v2/{version}/gathering_rules`: the rules set with `setRules`, for any version. */
export const handleRules: RouteHandler = ({ headers, state }) => {
  const denied = checkBearer(headers, state);
  if (denied !== undefined) return denied;
  return reply(200, state.rules);
};
