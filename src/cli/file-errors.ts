/**
 * Short, operator-facing reasons for failed file operations (`no such file`, `permission denied`), so CLI
 * messages name the file and the reason without a stack trace.
 */

/** True for errors thrown by Node's fs and net APIs, which carry a string `code` such as `ENOENT`. */
export function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** A short reason for a failed file operation: the errno code when there is one. */
export function describeFileError(error: unknown): string {
  if (isNodeError(error)) {
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a parent is not a directory',
    };
    return reasons[error.code ?? ''] ?? error.code ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
