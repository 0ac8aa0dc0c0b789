package io.qkdmodem.agent.postprocessing;

import io.qkdmodem.agent.postprocessing.message.PostProcessingMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Test helper: pumps encoded messages between two parties until both finish. */
final class Pump {
    int messages;
    long bytes;

    void run(PostProcessor alice, PostProcessor bob) throws PostProcessingException {
        Deque<byte[]> toBob = new ArrayDeque<>();
        Deque<byte[]> toAlice = new ArrayDeque<>();
        enqueue(alice.start(), toBob);
        enqueue(bob.start(), toAlice);
        int guard = 0;
        while (!toBob.isEmpty() || !toAlice.isEmpty()) {
            if (++guard > 1_000_000) {
                throw new AssertionError("no progress");
            }
            if (!toBob.isEmpty()) {
                enqueue(bob.handle(toBob.poll()), toAlice);
            }
            if (!toAlice.isEmpty()) {
                enqueue(alice.handle(toAlice.poll()), toBob);
            }
        }
    }

    private void enqueue(List<PostProcessingMessage> out, Deque<byte[]> q) {
        for (PostProcessingMessage m : out) {
            byte[] b = m.encode();
            messages++;
            bytes += b.length;
            q.add(b);
        }
    }
}
