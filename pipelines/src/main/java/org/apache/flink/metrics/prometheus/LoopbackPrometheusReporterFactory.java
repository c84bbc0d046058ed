package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Properties;

/**
 * Flink's Prometheus reporter with its HTTP endpoint on one address ({@code host}, default 127.0.0.1) instead of
 * every interface, on the first free port of {@code port} (a port or a range such as 9249-9259): what
 * {@code ./sparsight run|demo --prometheus-port P} and deploy/local-cluster.sh start. Clusters use Flink's own
 * PrometheusReporterFactory (deploy/). It sits in Flink's package because the reporter's registry is package-private
 * there; nothing else of Flink's is changed.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    public static final String HOST = "host";
    public static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty(HOST, "127.0.0.1");
        return new LoopbackPrometheusReporter(host, new PortRange(properties.getProperty(PORT, "9249")));
    }

    /** The reporter: Flink's metric-to-collector mapping, served on host and the first free port of a range. */
    static final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
        private final String host;
        private final PortRange ports;
        private HTTPServer server;

        LoopbackPrometheusReporter(String host, PortRange ports) {
            this.host = host;
            this.ports = ports;
        }

        @Override
        public void open(MetricConfig config) {
            super.open(config);
            Iterator<Integer> candidates = ports.getPortsIterator();
            while (server == null && candidates.hasNext()) {
                int port = candidates.next();
                try {
                    server = new HTTPServer(new InetSocketAddress(host, port), registry, true);
                    log.info("Prometheus metrics on http://{}:{}/metrics", host, port);
                } catch (IOException e) {
                    log.debug("port {} taken: {}", port, e.getMessage());
                }
            }
            if (server == null) {
                throw new UncheckedIOException(new IOException("cannot serve Prometheus metrics on " + host
                        + ": every port of " + ports + " is taken"));
            }
        }

        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
            super.close();
        }
    }
}
