/**
 * Cascade error correction as two sans-IO parties: {@link
 * io.qkdmodem.agent.postprocessing.cascade.CascadeAlice} answers parity queries on her key and
 * counts every parity she discloses; {@link io.qkdmodem.agent.postprocessing.cascade.CascadeBob}
 * drives the binary searches, reuses every parity already known (sub-block reuse, deduction of a
 * sibling from its parent) and batches all queries of a round into one request. Block sizes follow
 * Martinez-Mateo, Pacher, Peev, Ciurana, Martin, QIC 15 (2015). {@code FramePermutation} reorders
 * each frame for a pass, by whole-word moves and bit-matrix transposes where the frame length
 * allows (docs/postprocessing.md, section 2).
 */
package io.qkdmodem.agent.postprocessing.cascade;
