package io.sparsight.pipelines.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostPortTest {

    @Test
    void hostAndPortAreSplit() {
        assertThat(HostPort.parse("127.0.0.1:8081")).isEqualTo(new HostPort("127.0.0.1", 8081));
    }

    @Test
    void anythingButHostColonPortIsRefused() {
        for (String bad : new String[] {null, "", "localhost", ":8081", "host:", "host:http", "host:0", "host:70000",
                "a:1:2"}) {
            assertThat(HostPort.parse(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}
