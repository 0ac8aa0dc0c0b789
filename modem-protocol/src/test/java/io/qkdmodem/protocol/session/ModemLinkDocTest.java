package io.qkdmodem.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.protocol.frame.Frame;
import io.qkdmodem.protocol.frame.FrameEncoder;
import io.qkdmodem.protocol.message.ConsumeRequest;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventKind;
import io.qkdmodem.protocol.message.FetchRequest;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.Message;
import io.qkdmodem.protocol.message.MessageType;
import io.qkdmodem.protocol.message.ReplenishRequest;
import io.qkdmodem.protocol.message.ReserveRequest;
import io.qkdmodem.protocol.message.ReserveResponse;
import io.qkdmodem.protocol.message.StatusRequest;
import io.qkdmodem.protocol.testing.Docs;
import io.qkdmodem.protocol.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol/modem-link.md carries a complete worked session as hex dumps (frames exactly as
 * they go on the wire) and the code tables; this test replays the session with the same secret, ids
 * and (seeded) nonces and checks every dump and table. The dumps it computes are also written to
 * target/modem-link-vectors.md.
 */
class ModemLinkDocTest {

    static String dump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i += 16) {
            sb.append(Hex.format(java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + 16))))
                    .append('\n');
        }
        return sb.toString();
    }

    static Map<String, byte[]> workedSession() throws Exception {
        SessionHarness h = new SessionHarness();
        Map<String, byte[]> v = new LinkedHashMap<>();
        CompletableFuture<Message> st = h.host.request(new StatusRequest());
        h.pump();
        st.get();
        v.put("W1 STATUS request before authentication (host to modem)", h.hostFrames.get(0));
        v.put("W2 STATUS response (modem to host)", h.modemFrames.get(0));
        h.connect();
        v.put("W3 HELLO request", h.hostFrames.get(1));
        v.put("W4 HELLO response", h.modemFrames.get(1));
        v.put("W5 AUTH request", h.hostFrames.get(2));
        v.put("W6 AUTH response", h.modemFrames.get(2));
        CompletableFuture<Message> r =
                h.host.request(ReserveRequest.of(0x0102030405060708L, 7, 160));
        h.pump();
        KeyRef ref = ((ReserveResponse) r.get()).ref();
        v.put("W7 RESERVE request (authenticated)", h.hostFrames.get(3));
        v.put("W8 RESERVE response (authenticated)", h.modemFrames.get(3));
        CompletableFuture<Message> f = h.host.request(new FetchRequest(ref, 0, 4096));
        h.pump();
        f.get();
        v.put("W9 FETCH request (authenticated)", h.hostFrames.get(4));
        v.put("W10 FETCH response (encrypted)", h.modemFrames.get(4));
        CompletableFuture<Message> c = h.host.request(new ConsumeRequest(ref));
        h.pump();
        c.get();
        v.put("W11 CONSUME request", h.hostFrames.get(5));
        v.put("W12 CONSUME response", h.modemFrames.get(5));
        // the replenish slice of that handshake, placed by its key reference
        byte[] slice = new byte[32];
        for (int i = 0; i < slice.length; i++) {
            slice[i] = (byte) (0xA0 + i);
        }
        CompletableFuture<Message> rp = h.host.request(new ReplenishRequest(ref, slice));
        h.pump();
        rp.get();
        v.put("W13 REPLENISH request (encrypted)", h.hostFrames.get(6));
        v.put("W14 REPLENISH response (authenticated)", h.modemFrames.get(6));

        // intermediate values, for implementers
        byte[] helloReq = decodeFrame(h.hostFrames.get(1)).payload();
        byte[] helloResp = decodeFrame(h.modemFrames.get(1)).payload();
        byte[] deviceId = "modem-A".getBytes(StandardCharsets.US_ASCII);
        byte[] th = LinkCrypto.transcriptHash(helloReq, helloResp);
        LinkCrypto.SessionSecrets s =
                new LinkCrypto.SessionSecrets(
                        PairingSecret.of(SessionHarness.SECRET), deviceId, th);
        v.put("V1 pairing secret", SessionHarness.SECRET);
        v.put("V2 HELLO request payload", helloReq);
        v.put("V3 HELLO response payload", helloResp);
        v.put(
                "V4 K_pair",
                LinkCrypto.pairingKey(PairingSecret.of(SessionHarness.SECRET), deviceId));
        v.put("V5 transcript hash th", th);
        v.put("V6 K_h2m", s.keyH2m);
        v.put("V7 K_m2h", s.keyM2h);
        v.put(
                "V8 RESERVE request, decoded frame content (header, payload, tag, CRC)",
                unstuffed(h.hostFrames.get(3)));
        v.put(
                "V9 FETCH response, decoded frame content (header, ciphertext, tag, CRC)",
                unstuffed(h.modemFrames.get(4)));
        v.put(
                "V10 FETCH response plaintext payload (offset, total, 20 key bytes)",
                LinkCrypto.open(
                        s.keyM2h,
                        LinkCrypto.DIR_MODEM_TO_HOST,
                        LinkCrypto.KIND_RESPONSE,
                        decodeFrame(h.modemFrames.get(4))));
        v.put(
                "V11 REPLENISH request plaintext payload (ref, 32-byte slice)",
                LinkCrypto.open(
                        s.keyH2m,
                        LinkCrypto.DIR_HOST_TO_MODEM,
                        LinkCrypto.KIND_REQUEST,
                        decodeFrame(h.hostFrames.get(6))));
        return v;
    }

    static Frame decodeFrame(byte[] wire) throws Exception {
        io.qkdmodem.protocol.frame.FrameDecoder d = new io.qkdmodem.protocol.frame.FrameDecoder();
        d.feed(wire);
        return d.next();
    }

    static byte[] unstuffed(byte[] wire) {
        byte[] out = new byte[wire.length];
        int n = io.qkdmodem.protocol.frame.Cobs.decode(wire, 1, wire.length - 2, out, 0);
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void workedSessionInTheSpecIsWhatTheCodeSends() throws Exception {
        Map<String, byte[]> v = workedSession();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, byte[]> e : v.entrySet()) {
            out.append("#### ")
                    .append(e.getKey())
                    .append("\n\n```\n")
                    .append(dump(e.getValue()))
                    .append("```\n\n");
        }
        Path target = Path.of("target", "modem-link-vectors.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, out.toString(), StandardCharsets.UTF_8);
        String doc = Docs.read("protocol/modem-link.md");
        for (Map.Entry<String, byte[]> e : v.entrySet()) {
            assertThat(Hex.format(Docs.hexBlockAfter(doc, "#### " + e.getKey())))
                    .as(e.getKey())
                    .isEqualTo(Hex.format(e.getValue()));
        }
    }

    @Test
    void plainFrameExampleInTheSpec() throws Exception {
        String doc = Docs.read("protocol/modem-link.md");
        assertThat(Docs.hexBlockAfter(doc, "### Frame example"))
                .isEqualTo(FrameEncoder.encode(new Frame(1, 0x03, 0, 1, new byte[0])));
    }

    @Test
    void codeTablesInTheSpecMatchTheCode() throws Exception {
        String doc = Docs.read("protocol/modem-link.md");
        List<String[]> types = Docs.codeRows(Docs.sectionAfter(doc, "Message types:"));
        assertThat(types).hasSize(MessageType.values().length);
        for (String[] row : types) {
            assertThat(MessageType.fromCode(Integer.decode(row[0])))
                    .isEqualTo(MessageType.valueOf(row[1]));
        }
        List<String[]> errors = Docs.codeRows(Docs.sectionAfter(doc, "Error codes:"));
        List<ErrorCode> wire = new ArrayList<>();
        for (ErrorCode e : ErrorCode.values()) {
            if (e.code() < 0x100) {
                wire.add(e);
            }
        }
        assertThat(errors).hasSize(wire.size());
        for (String[] row : errors) {
            assertThat(ErrorCode.fromCode(Integer.decode(row[0])))
                    .isEqualTo(ErrorCode.valueOf(row[1]));
        }
        List<String[]> events = Docs.codeRows(Docs.sectionAfter(doc, "Event kinds ("));
        assertThat(events).hasSize(EventKind.values().length);
        for (String[] row : events) {
            assertThat(EventKind.fromCode(Integer.decode(row[0])))
                    .isEqualTo(EventKind.valueOf(row[1]));
        }
    }
}
