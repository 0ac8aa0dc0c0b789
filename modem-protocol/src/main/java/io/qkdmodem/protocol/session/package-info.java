/**
 * Sessions of the modem link, sans-IO: {@link io.qkdmodem.protocol.session.HostSession} (the host
 * agent's side: HELLO, mutual challenge-response, requests with timeouts and bounded retransmits on
 * an injected clock) and {@link io.qkdmodem.protocol.session.ModemSession} (the modem's side: the
 * state table of what each state accepts, replay and reorder rejection, idempotent handling) over
 * {@link io.qkdmodem.protocol.session.ModemBackend}, the modem's key operations. Frame protection
 * (AES-256-GCM with the sequence number in the nonce) and key derivation from the pairing secret
 * live in {@link io.qkdmodem.protocol.session.LinkCrypto}. No threads, sockets or sleeps.
 */
package io.qkdmodem.protocol.session;
