package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 15: a tunnel drives one engine from a reader thread and a writer thread. Two
 * threads writing at once (while a third drains the output and a fourth feeds the peer's records
 * in) must never seal two records under the same sequence number, which for AES-GCM would be a
 * nonce reused under one key. The peer opens records with its own strictly increasing sequence
 * number, so every record opening, in order, shows that the writer used each number exactly once
 * and queued the records in sequence order.
 */
class ConcurrentEngineUseTest {
    private static final int PER_WRITER = 3000;
    private static final int FROM_SERVER = 1000;

    @Test
    void twoWriterThreadsNeverReuseASequenceNumber() throws Exception {
        Agents a = new Agents(31, 0.0, NoCorrectionDiscussion.factory(4096));
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();

        // Records from the server that a reader thread will feed to the client meanwhile.
        List<byte[]> serverRecords = new ArrayList<>();
        for (int i = 0; i < FROM_SERVER; i++) {
            s.writeApplicationData(token('S', i));
            serverRecords.add(s.readOutput());
        }

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (char who : new char[] {'A', 'B'}) {
            writers.add(
                    new Thread(
                            () -> {
                                try {
                                    start.await();
                                    for (int i = 0; i < PER_WRITER; i++) {
                                        c.writeApplicationData(token(who, i));
                                    }
                                } catch (Throwable e) {
                                    errors.add(e);
                                }
                            }));
        }
        Thread drainer =
                new Thread(
                        () -> {
                            try {
                                start.await();
                                while (writing.get()) {
                                    byte[] out = c.readOutput();
                                    synchronized (wire) {
                                        wire.write(out, 0, out.length);
                                    }
                                }
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        });
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                start.await();
                                for (byte[] r : serverRecords) {
                                    c.offerInput(r);
                                }
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        });
        writers.forEach(Thread::start);
        drainer.start();
        reader.start();
        start.countDown();
        for (Thread w : writers) {
            w.join();
        }
        reader.join();
        writing.set(false);
        drainer.join();
        assertThat(errors).isEmpty();
        byte[] rest = c.readOutput();
        wire.write(rest, 0, rest.length);

        // The server opens every record in order: each sequence number was used once.
        s.offerInput(wire.toByteArray());
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
        String got = new String(s.readApplicationData(), StandardCharsets.US_ASCII);
        assertThat(got).hasSize(2 * PER_WRITER * 6);
        int nextA = 0;
        int nextB = 0;
        for (int at = 0; at < got.length(); at += 6) {
            String t = got.substring(at, at + 6);
            int n = Integer.parseInt(t.substring(1));
            if (t.charAt(0) == 'A') {
                assertThat(n).as("A's records in order").isEqualTo(nextA++);
            } else {
                assertThat(t.charAt(0)).isEqualTo('B');
                assertThat(n).as("B's records in order").isEqualTo(nextB++);
            }
        }
        assertThat(nextA).isEqualTo(PER_WRITER);
        assertThat(nextB).isEqualTo(PER_WRITER);
        // The reader thread's records all opened too.
        String fromServer = new String(c.readApplicationData(), StandardCharsets.US_ASCII);
        assertThat(fromServer).hasSize(FROM_SERVER * 6).startsWith("S00000");
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
    }

    private static byte[] token(char who, int i) {
        return String.format("%c%05d", who, i).getBytes(StandardCharsets.US_ASCII);
    }
}
