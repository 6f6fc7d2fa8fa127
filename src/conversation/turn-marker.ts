/**
 * The record of one Spark fix, hidden at the end of its status comment (base64 JSON in an HTML
 * comment, so no text of the turn can close it), from which a later `/spark fix` in the same
 * thread or on the same PR finds the turn it continues. Pure.
 *
 * The record is read back from a comment that anyone with write access can edit, so it is
 * untrusted data: every field must match its strict pattern or the whole record is ignored, and
 * it only points at things GitHub is asked about again (the commit's diff comes from GitHub,
 * never from the comment).
 */

export interface TurnRecord {
  v: 1;
  /** Spark's commit of that turn. */
  oid: string;
  /** The maintainer's words of that turn ('' for a bare command). */
  instruction: string;
  /** The model's response id, only when the provider stores responses (SPARK_STORE=true). */
  response?: string;
}

/** Longest instruction a record carries (a longer one is cut; the commit has it in full). */
const MAX_INSTRUCTION = 2_000;
/** Ours ends the comment: a marker anywhere else (quoted from someone's words) is not a record. */
const MARKER = /<!-- spark-turn:([A-Za-z0-9+/=]{1,12000}) -->$/;
const OID = /^[0-9a-f]{40}$/;
/** Responses ids: `resp_` and an opaque alphanumeric id (OpenAI's are hex). */
const RESPONSE_ID = /^resp_[A-Za-z0-9]{8,128}$/;

export function renderTurnMarker(record: TurnRecord): string {
  const clean: TurnRecord = { v: 1, oid: record.oid, instruction: record.instruction.slice(0, MAX_INSTRUCTION), ...(record.response && { response: record.response }) };
  return `<!-- spark-turn:${Buffer.from(JSON.stringify(clean), 'utf8').toString('base64')} -->`;
}

/** The record at the end of a status comment, or undefined when it has none or any field is off. */
export function parseTurnMarker(body: string): TurnRecord | undefined {
  const m = MARKER.exec(body.trimEnd());
  if (!m) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(m[1] as string, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { v, oid, instruction, response, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || v !== 1) return undefined;
  if (typeof oid !== 'string' || !OID.test(oid)) return undefined;
  if (typeof instruction !== 'string' || instruction.length > MAX_INSTRUCTION) return undefined;
  if (response !== undefined && (typeof response !== 'string' || !RESPONSE_ID.test(response))) return undefined;
  return { v: 1, oid, instruction, ...(response !== undefined && { response }) };
}
