import type { ErrorCode } from "./bindings";

/** An error from the core, with the code the UI turns into a message. */
export class BackendError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
