package io.qkdmodem.rig.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownTest {

    @Test
    void closesLastOpenedFirstAndEveryOneEvenAfterAFailure() {
        List<String> closed = new ArrayList<>();
        Teardown t = new Teardown();
        t.add("a", () -> closed.add("a"));
        t.add(
                "b",
                () -> {
                    closed.add("b");
                    throw new IllegalStateException("b broke");
                });
        t.add("c", () -> closed.add("c"));
        assertThatThrownBy(t::close).hasMessageContaining("closing b failed: b broke");
        assertThat(closed).containsExactly("c", "b", "a");
        t.close(); // idempotent: nothing left
        assertThat(closed).hasSize(3);
    }

    @Test
    void workspaceIsRemovedWithItsContents() throws Exception {
        Workspace w = Workspace.create();
        Path image = w.resolve("alice.flash");
        Files.write(image, new byte[4096]);
        Files.createDirectories(w.resolve("sub/dir"));
        Files.writeString(w.resolve("sub/dir/f"), "x");
        w.close();
        assertThat(w.dir()).doesNotExist();
        w.close();
    }
}
