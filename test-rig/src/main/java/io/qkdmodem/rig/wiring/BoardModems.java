package io.qkdmodem.rig.wiring;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.session.ProtocolException;
import io.qkdmodem.rig.orchestration.HostLinks;
import io.qkdmodem.rig.orchestration.ModemPair;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modems of a board rig: two boards already running their firmware, each wired to this host by
 * the serial device its rig description names. Nothing is started; the rig attaches. While key
 * accumulates it watches each board through an authenticated modem-protocol session on the host
 * cable (STATUS: available bits, the link monitor's QBER), checks that each board announces the
 * device id the description expects, and hands the cables to the agents afterwards. Boards do not
 * report the pulses they sent, so {@link ModemPair#pulsesSent()} is 0.
 */
public final class BoardModems implements ModemPairFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BoardModems.class);

    private final RigDescription rig;

    public BoardModems(RigDescription rig) {
        this.rig = rig;
    }

    @Override
    public ModemPair start(Spec spec, Teardown teardown) throws RigException {
        Map<Role, ModemClient> sessions = new EnumMap<>(Role.class);
        Pair pair = teardown.add("board status sessions", new Pair(sessions));
        for (Role role : Role.values()) {
            HostLinks.Cable cable = spec.links().cable(role);
            ModemClient client =
                    ModemSessions.open(
                            new Borrowed(cable.hostEnd()),
                            cable.description(),
                            spec.provisioning(),
                            role,
                            "rig");
            sessions.put(role, client);
            String announced = new String(client.modemHello().deviceId(), StandardCharsets.UTF_8);
            String expected = rig.deviceId(role).orElse(null);
            if (expected != null && !expected.equals(announced)) {
                throw new RigException(
                        role.key()
                                + "'s serial device "
                                + rig.device(role)
                                + " answers as modem '"
                                + announced
                                + "', but the rig description says "
                                + role.key()
                                + ".device-id="
                                + expected
                                + " (are the cables swapped?)");
            }
            LOG.info(
                    "{}: board '{}' (firmware {}) on {}",
                    role.key(),
                    announced,
                    client.modemHello().firmwareVersion(),
                    cable.description());
        }
        pair.poll();
        return pair;
    }

    /** Both boards seen through STATUS; the last answers are kept once the cables are handed on. */
    private static final class Pair implements ModemPair {
        private final Map<Role, ModemClient> sessions;
        private final Map<Role, StatusResponse> last = new EnumMap<>(Role.class);
        private long lastPollNanos;

        Pair(Map<Role, ModemClient> sessions) {
            this.sessions = sessions;
        }

        /** Asks both boards for STATUS, at most every 200 ms. */
        synchronized void poll() throws RigException {
            if (sessions.isEmpty() || System.nanoTime() - lastPollNanos < 200_000_000L) {
                return;
            }
            for (Map.Entry<Role, ModemClient> e : sessions.entrySet()) {
                try {
                    last.put(e.getKey(), e.getValue().status());
                } catch (ProtocolException ex) {
                    throw new RigException(
                            e.getKey().key()
                                    + "'s board does not answer STATUS: "
                                    + ex.getMessage(),
                            ex);
                }
            }
            lastPollNanos = System.nanoTime();
        }

        private void pollOrFail() {
            try {
                poll();
            } catch (RigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public long pulsesSent() {
            return 0;
        }

        @Override
        public synchronized long siftedBitsAvailable() {
            pollOrFail();
            if (last.size() < 2) {
                return 0;
            }
            return Math.min(
                    last.get(Role.ALICE).availableBits(), last.get(Role.BOB).availableBits());
        }

        @Override
        public synchronized double monitoredQber() {
            StatusResponse a = last.get(Role.ALICE);
            return a == null || a.qberPpm() == 0 ? Double.NaN : a.qberPpm() / 1e6;
        }

        @Override
        public synchronized void handOverHostLinks() {
            for (ModemClient c : sessions.values()) {
                c.close();
            }
            sessions.clear();
        }

        @Override
        public void close() {
            handOverHostLinks();
        }
    }

    /**
     * A host cable lent to the rig's STATUS session: closing it ends the loan (reads and writes
     * fail from then on) but leaves the cable open for the agent.
     */
    private static final class Borrowed implements SerialLink {
        private final SerialLink cable;
        private volatile boolean returned;

        Borrowed(SerialLink cable) {
            this.cable = cable;
        }

        @Override
        public String name() {
            return cable.name();
        }

        @Override
        public boolean isOpen() {
            return !returned && cable.isOpen();
        }

        @Override
        public int read(byte[] buf, int off, int len) throws SerialLinkException {
            check();
            return cable.read(buf, off, len);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws SerialLinkException {
            check();
            cable.write(buf, off, len);
        }

        private void check() throws SerialLinkException {
            if (returned) {
                throw new SerialLinkException(
                        SerialLinkException.Kind.CLOSED, cable.name() + " was handed on");
            }
        }

        @Override
        public void close() {
            returned = true;
        }
    }
}
