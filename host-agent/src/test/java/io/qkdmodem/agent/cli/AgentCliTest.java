package io.qkdmodem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                .contains("simulated (alice, not secret)")
                .contains("DEFAULT")
                .contains("keyLength")
                .doesNotContain("demo-seed");
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
