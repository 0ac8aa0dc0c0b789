package io.qkdmodem.agent.qtls.discussion;

import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import java.security.SecureRandom;

/** Creates the two sides of a discussion over one piece of sifted key. */
public interface DiscussionFactory {

    /** The server's side (Alice, paper section 4.5); it owns the public randomness. */
    Bb84Discussion alice(SiftedKey key, DiscussionParameters parameters, SecureRandom random);

    /** The client's side (Bob). */
    Bb84Discussion bob(SiftedKey key, DiscussionParameters parameters);
}
