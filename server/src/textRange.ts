// Positions in a document as LSP counts them (0-based lines, UTF-16 code units), shared by
// the pure modules (analysis, job files) so they can hand ranges to an editor as they are.

/** A 0-based line/character position (same shape as LSP's Position). */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range between two positions (same shape as LSP's Range). */
export interface Range {
  start: Position;
  end: Position;
}
