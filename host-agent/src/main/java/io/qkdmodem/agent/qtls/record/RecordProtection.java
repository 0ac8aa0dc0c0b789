package io.qkdmodem.agent.qtls.record;

import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import javax.security.auth.Destroyable;

/** Protection of one direction of records under one set of keys (one epoch). */
public interface RecordProtection extends Destroyable {

    /** The fragment to put on the wire for {@code plaintext}. */
    byte[] seal(long sequence, int contentType, byte[] plaintext) throws QtlsFatalAlert;

    /** The plaintext of a received fragment; bad_record_mac (or pad_reuse) when it fails. */
    byte[] open(long sequence, int contentType, byte[] fragment) throws QtlsFatalAlert;

    /** Bytes a fragment adds to its plaintext. */
    int overhead();

    @Override
    void destroy();

    /** No protection, before the first ChangeCipherSpec. */
    RecordProtection NULL =
            new RecordProtection() {
                @Override
                public byte[] seal(long sequence, int contentType, byte[] plaintext) {
                    return plaintext.clone();
                }

                @Override
                public byte[] open(long sequence, int contentType, byte[] fragment) {
                    return fragment.clone();
                }

                @Override
                public int overhead() {
                    return 0;
                }

                @Override
                public void destroy() {}
            };
}
