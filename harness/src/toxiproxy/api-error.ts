/**
 * An error the API answers with `{"error": message, "status": status}`, Toxiproxy's messages
 * verbatim. `details` carries extra help (for example the valid toxic types) that Toxiproxy
 * does not send, so the message itself stays identical.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badBody(reason: string): ApiError {
    return new ApiError(`bad request body: ${reason}`, 400);
  }
  static missingField(field: string): ApiError {
    return new ApiError(`missing required field: ${field}`, 400);
  }
  static proxyNotFound(): ApiError {
    return new ApiError('proxy not found', 404);
  }
  static proxyExists(): ApiError {
    return new ApiError('proxy already exists', 409);
  }
  static invalidStream(): ApiError {
    return new ApiError('stream was invalid, can be either upstream or downstream', 400);
  }
  static invalidToxicType(valid: readonly string[]): ApiError {
    return new ApiError('invalid toxic type', 400, { valid_types: valid });
  }
  static toxicExists(): ApiError {
    return new ApiError('toxic already exists', 409);
  }
  static toxicNotFound(): ApiError {
    return new ApiError('toxic not found', 404);
  }
  /** Any other failure (listen, resolve) is a 500 with the underlying message. */
  static internal(err: unknown): ApiError {
    return err instanceof ApiError
      ? err
      : new ApiError(err instanceof Error ? err.message : String(err), 500);
  }
}
