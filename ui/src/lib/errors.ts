import { BackendError } from "./backend";
import type { MessageKey } from "./messages";

/** The message key for any error thrown by the backend. */
export function errorKey(error: unknown): MessageKey {
  return error instanceof BackendError ? `error.${error.code}` : "error.internal";
}
