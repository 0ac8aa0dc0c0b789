/**
 * The TLS 1.2-shaped record layer: framing, sequence numbers, AEAD protection, the one-time-pad
 * mode with Wegman-Carter tags and the direction key pools that feed rekeys and pads.
 */
package io.qkdmodem.agent.qtls.record;
