package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Every bad option gets exit code 2 and exactly one line on stderr naming the problem. */
class CommandLineErrorsTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = RigCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "demo --distance-km -1            | distance must be 0..400 km",
                "demo --distance-km 401           | distance must be 0..400 km",
                "demo --distance-km ten           | 'ten' is not a distance in km",
                "demo --distance-km NaN           | 'NaN' is not a distance in km",
                "demo --eve-fraction 1.5          | fraction must be between 0 and 1",
                "demo --eve-fraction x            | 'x' is not a fraction",
                "demo --profile fancy             | profile must be default or paper",
                "demo --serial usb                | serial must be pipe, pty or device",
                "demo --modems vm                 | modems must be in-process or process",
                "demo --seed 1.5                  | seed must be a whole number",
                "demo --sifted-bits 10            | sifted bits must be 1024..100000000",
                "demo --colour                    | --colour",
                "demo --timeout-s 0               | --timeout-s must be 1..3600",
                "sweep --distances 0,,50 --json   | has an empty item",
                "sweep --distances 0,25,25 --json | lists 25 twice",
                "sweep --distances 0,999 --json   | distance must be 0..400 km",
                "sweep --eve-fractions 2 --json   | fraction must be between 0 and 1",
                "sweep --distances 0              | --out DIR",
                "sweep --timeout-s 0 --json       | --timeout-s must be 1..3600",
                "frobnicate                       | frobnicate",
            })
    void badOptionIsOneLineAndExitTwo(String args, String expected) {
        Run r = run(args.trim().split("\\s+"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("test-rig: ").contains(expected).doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"demo", "sweep", "bench"})
    void eachCommandHasHelp(String command) {
        Run r = run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: test-rig " + command);
    }

    @org.junit.jupiter.api.Test
    void missingRigFileIsOneLineAndExitOne(@TempDir Path dir) {
        Run r = run("demo", "--rig", dir.resolve("nope.properties").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("nope.properties does not exist");
    }

    @org.junit.jupiter.api.Test
    void boardRigWithAbsentDeviceSaysWhichDevice(@TempDir Path dir) throws Exception {
        Path rig = dir.resolve("bench.properties");
        Files.writeString(
                rig,
                "rig.kind=boards\nalice.serial.device=/dev/qkd-no-such-alice\n"
                        + "bob.serial.device=/dev/qkd-no-such-bob\n"
                        + "alice.pairing-secret=a.key\nbob.pairing-secret=b.key\n");
        Files.writeString(dir.resolve("a.key"), "00".repeat(32));
        Run r = run("demo", "--rig", rig.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err())
                .contains("alice's modem serial device /dev/qkd-no-such-alice is not there")
                .contains("bob's modem serial device /dev/qkd-no-such-bob is not there")
                .contains("bob's pairing secret " + dir.resolve("b.key") + " cannot be read")
                .doesNotContain("alice's pairing secret");
    }

    @org.junit.jupiter.api.Test
    void modemProcessesWantPtyLinksAndASimulatedRig(@TempDir Path dir) throws Exception {
        Run pipe = run("demo", "--modems", "process", "--serial", "pipe");
        assertThat(pipe.code()).isEqualTo(2);
        assertThat(pipe.err().lines()).hasSize(1);
        assertThat(pipe.err()).contains("use --serial pty or leave --serial out");
        Path a = Files.createFile(dir.resolve("ttyA"));
        Path b = Files.createFile(dir.resolve("ttyB"));
        Files.writeString(dir.resolve("p.key"), "00".repeat(32));
        Path rig = dir.resolve("bench.properties");
        Files.writeString(
                rig,
                "rig.kind=boards\nalice.serial.device="
                        + a
                        + "\nbob.serial.device="
                        + b
                        + "\nalice.pairing-secret=p.key\nbob.pairing-secret=p.key\n");
        Run boards = run("demo", "--modems", "process", "--rig", rig.toString());
        assertThat(boards.code()).isEqualTo(2);
        assertThat(boards.err()).contains("a board rig's modems are the boards");
    }

    @org.junit.jupiter.api.Test
    void serialDeviceOnASimulatedRigIsRefused() {
        Run r = run("demo", "--serial", "device");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--serial device needs a rig description");
    }
}
