/**
 * The one error type every layer throws. Protocol encoders turn it into the
 * wire shape of the service at hand (Query XML, S3 XML, JSON).
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** AWS's <Type>: Sender for the caller's mistakes, Receiver for ours. */
  readonly fault: 'Sender' | 'Receiver';
  /** Extra elements some services add to the error body (S3: BucketName, Key…). */
  readonly extra: Record<string, string>;
  /** Response headers that go with the error (S3: x-amz-delete-marker, x-amz-version-id on a deleted object). */
  readonly headers: Record<string, string> = {};

  constructor(code: string, message: string, status = 400, extra: Record<string, string> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fault = status >= 500 ? 'Receiver' : 'Sender';
    this.extra = extra;
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;

// Shorthands for the errors most layers raise.
export const accessDenied = (message: string) => new AwsError('AccessDenied', message, 403);
export const validationError = (message: string) => new AwsError('ValidationError', message, 400);
export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', message, 409);
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, 409);
export const internalError = () =>
  new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
