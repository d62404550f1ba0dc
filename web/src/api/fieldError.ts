// The API names the field a validation error is about at the start of its
// message: "field birth_date: ..." (a JSON body) or "column name: ..." (CSV
// rules reused by the ledger), possibly after a "FILE:LINE: " prefix. This
// finds that field so that a form can show the message under it.

export interface FieldError {
  field: string;
  message: string;
}

const PATTERN = /(?:^|:\s*)(?:field|column)\s+([A-Za-z_][\w]*)(?:\.[\w.[\]]+)?\s*:\s*(.+)$/s;

// {field, message} (message without the "field X: " prefix), or null when the
// message names no field.
export function parseFieldError(message: string): FieldError | null {
  const match = PATTERN.exec(message.trim());
  if (!match) return null;
  return { field: match[1] as string, message: (match[2] as string).trim() };
}
