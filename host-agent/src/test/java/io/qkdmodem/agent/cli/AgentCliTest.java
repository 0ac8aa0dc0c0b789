package io.qkdmodem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.qkdmodem.agent.qtls.keysource.SeededSimulatedKeySource;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class AgentCliTest {

    private static void pem(Path file, Object... objects) throws Exception {
        try (Writer w = Files.newBufferedWriter(file);
                JcaPEMWriter pw = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                pw.writeObject(o);
            }
        }
    }

    private static Path config(Path dir, String extra) throws Exception {
        TestPki.Identity id = Agents.SERVER;
        pem(dir.resolve("agent.pem"), id.leaf(), id.ca());
        pem(dir.resolve("agent.key"), id.key());
        pem(dir.resolve("ca.pem"), id.ca());
        Path cfg = dir.resolve("agent.properties");
        Files.writeString(
                cfg,
                "listen = 127.0.0.1:0\n"
                        + "forward = 127.0.0.1:22\n"
                        + "peer = 127.0.0.1:9\n"
                        + "certificate = agent.pem\n"
                        + "private-key = agent.key\n"
                        + "trust = ca.pem\n"
                        + "keysource = simulated\n"
                        + "keysource.seed = demo-seed\n"
                        + extra);
        return cfg;
    }

    private static String[] run(String... args) {
        CommandLine cli = HostAgentCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void statusShowsKeyPoolAndSettingsButNoKeys(@TempDir Path dir) throws Exception {
        Path cfg = config(dir, "qkd.profile = paper\n");
        String[] r = run("status", "--config", cfg.toString(), "--server");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1])
                .contains("simulated (alice, NOT SECRET: shared seed)")
                .contains("WARNING:            simulated key source: the key is NOT SECRET")
                .contains("DEFAULT")
                .contains("keyLength")
                .doesNotContain("demo-seed");
    }

    @Test
    void sourceModelDefaultsToSinglePhotonForTheSimulatedSourceAndCanBeSet(@TempDir Path dir)
            throws Exception {
        String[] r = run("status", "--config", config(dir, "").toString(), "--server");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1])
                .contains("source model:       single-photon")
                .contains("sifted per session: 65536 bits");
        Path wc = config(dir, "source-model = weak-coherent\n");
        r = run("status", "--config", wc.toString(), "--server");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1])
                .contains("source model:       weak-coherent (decoy-state bound")
                .contains("sifted per session: 1048576 bits");
        AgentSettings s = AgentSettings.load(wc);
        assertThat(s.decoyIntensities()).containsExactly(0.5, 0.15, 0.0);
        assertThat(s.decoyProbabilities()[2])
                .isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
        Path bad = config(dir, "source-model = laser\n");
        r = run("status", "--config", bad.toString(), "--server");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[2]).contains("source-model must be weak-coherent or single-photon");
    }

    /** Audit finding 18: a demo key source must never carry traffic by accident. */
    @Test
    void serveAndTunnelRefuseTheSimulatedKeySourceWithoutConsent(@TempDir Path dir)
            throws Exception {
        Path cfg = config(dir, "");
        for (String command : new String[] {"serve", "tunnel"}) {
            // Bounded: before the fix the command would start serving and never return.
            String[] r =
                    assertTimeoutPreemptively(
                            Duration.ofSeconds(60), () -> run(command, "--config", cfg.toString()));
            assertThat(r[0]).as(command + ": " + r[1]).isEqualTo("1");
            assertThat(r[2].strip())
                    .as(command)
                    .startsWith("host-agent: keysource is simulated")
                    .contains("NOT SECRET")
                    .contains("--insecure-simulated-key")
                    .doesNotContain("demo-seed");
            assertThat(r[1]).isEmpty();
        }
    }

    @Test
    void withExplicitConsentTheSimulatedSourceRunsLabelledNotSecret(@TempDir Path dir)
            throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(SeededSimulatedKeySource.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            Path cfg = config(dir, "");
            String[] serve =
                    runUntilStarted(
                            "serving",
                            "serve",
                            "--config",
                            cfg.toString(),
                            "--insecure-simulated-key");
            assertThat(serve[1]).contains("[SIMULATED KEY, NOT SECRET]");
            assertThat(serve[2]).contains("WARNING").contains("NOT SECRET");
            // The configuration setting is the other way to consent.
            Path cfg2 = config(dir, "keysource.insecure-simulated = true\n");
            String[] tunnel =
                    runUntilStarted("tunnel listening", "tunnel", "--config", cfg2.toString());
            assertThat(tunnel[1]).contains("[SIMULATED KEY, NOT SECRET]");
            assertThat(events.list)
                    .anySatisfy(
                            e -> {
                                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                                assertThat(e.getFormattedMessage()).contains("NOT SECRET");
                            });
        } finally {
            log.detachAppender(events);
        }
    }

    /** Runs a long-lived command until its stdout shows {@code banner}, then interrupts it. */
    private static String[] runUntilStarted(String banner, String... args) throws Exception {
        CommandLine cli = HostAgentCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Thread t = new Thread(() -> cli.execute(args));
        t.start();
        try {
            for (int i = 0; i < 600 && !out.toString().contains(banner) && t.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertThat(out.toString()).as(err.toString()).contains(banner);
        } finally {
            t.interrupt();
            t.join(30_000);
        }
        return new String[] {"", out.toString(), err.toString()};
    }

    @Test
    void replenishBytesDefaultsTo128AndMustBeWholeTagKeyWindows(@TempDir Path dir)
            throws Exception {
        String[] r = run("status", "--config", config(dir, "").toString(), "--server");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("replenish per key:  128 bytes");
        r = run("status", "--config", config(dir, "replenish-bytes = 256\n").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("replenish per key:  256 bytes");
        r = run("status", "--config", config(dir, "replenish-bytes = 40\n").toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("'replenish-bytes'").contains("positive multiple of 32");
    }

    @Test
    void badConfigurationIsOneClearLine(@TempDir Path dir) throws Exception {
        Path cfg = config(dir, "order = sideways\n");
        String[] r = run("status", "--config", cfg.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2].strip())
                .isEqualTo("host-agent: configuration: order must be default or paper");
    }

    @Test
    void pairCreatesAPrivateSecretThenReportsAnUnreachableModemClearly(@TempDir Path dir)
            throws Exception {
        Path cfg =
                config(
                        dir,
                        "keysource = modem\n"
                                + "keysource.serial = "
                                + dir.resolve("no-such-tty")
                                + "\n"
                                + "keysource.pairing-secret = pairing.hex\n");
        String[] first = run("pair", "--config", cfg.toString());
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        assertThat(first[1]).contains("created pairing secret");
        Path secret = dir.resolve("pairing.hex");
        assertThat(Files.readString(secret).strip()).hasSize(64);
        assertThat(java.nio.file.Files.getPosixFilePermissions(secret))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String[] second = run("pair", "--config", cfg.toString());
        assertThat(second[0]).isEqualTo("1");
        assertThat(second[2])
                .startsWith("host-agent: serial port")
                .doesNotContain(Files.readString(secret).strip());
    }
}
