package io.qkdmodem.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.config.ConfigFileTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FirmwareCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = FirmwareCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void checkConfigPrintsOneLinePerProblemAndExitsWith2(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "role = eve\nframe.slots = 10\nfoo = bar\n");
        assertThat(run("check-config", "--config", conf.toString())).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        // role, frame.slots, foo, and the five required settings that are missing
        assertThat(lines).hasSize(8).allSatisfy(l -> assertThat(l).startsWith(conf + ": "));
    }

    @Test
    void checkConfigAcceptsAGoodFile(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("alice.conf");
        Files.write(conf, ConfigFileTest.good(dir));
        assertThat(run("check-config", "-c", conf.toString())).isEqualTo(0);
        assertThat(out.toString()).startsWith("configuration OK: alice modem-a");
    }

    @Test
    void provisionCreatesTheDeviceKeyAndThePoolOnceOnly(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("alice.conf");
        List<String> text = new ArrayList<>(ConfigFileTest.good(dir));
        Files.delete(dir.resolve("device.key"));
        text.replaceAll(
                l -> l.startsWith("storage.device-key") ? "storage.device-key = new.key" : l);
        Files.write(conf, text);
        // check-config would refuse the missing key; provision creates it
        assertThat(run("provision", "-c", conf.toString())).as(err.toString()).isEqualTo(0);
        assertThat(dir.resolve("new.key")).exists();
        assertThat(dir.resolve("auth.pool")).exists();
        assertThat(out.toString()).contains("4096 bytes");
        assertThat(run("provision", "-c", conf.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("refusing to overwrite");
    }

    @Test
    void generateSecretRefusesToOverwrite(@TempDir Path dir) {
        Path f = dir.resolve("pairing.key");
        assertThat(run("generate-secret", "--bytes", "32", f.toString())).isEqualTo(0);
        assertThat(f).exists();
        assertThat(run("generate-secret", f.toString())).isEqualTo(1);
    }

    @Test
    void runRefusesABadConfigurationBeforeStartingAnything(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "role = alice\n");
        assertThat(run("run", "--config", conf.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(5);
        assertThat(dir.resolve("flash.img")).doesNotExist();
    }
}
