/**
 * The public-discussion messages of post-processing, one immutable class per wire message, each
 * with {@code encode()} and a static {@code decode}. {@link
 * io.qkdmodem.agent.postprocessing.message.PostProcessingMessage#decode(byte[])} reads any of them
 * from its type byte. All integers are big-endian; bit vectors travel as a 32-bit bit count and the
 * packed bytes of {@link io.qkdmodem.agent.postprocessing.bits.BitVector#toBytes()}.
 */
package io.qkdmodem.agent.postprocessing.message;
