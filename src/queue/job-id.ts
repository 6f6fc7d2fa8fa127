/**
 * BullMQ custom job ids must not be integers ("Custom Id cannot be integers") and must not
 * contain ':' (it separates key parts; BullMQ 5 throws "Custom Id cannot contain :").
 * Delivery ids are UUIDs, but callers may append a comment id with ':'; percent-escaping
 * keeps the mapping injective and the fixed prefix keeps it non-numeric.
 */
export function toBullJobId(id: string): string {
  return `spark-${id.replace(/%/g, '%25').replace(/:/g, '%3A')}`;
}
