package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Properties;

/**
 * Flink's Prometheus reporter with its HTTP endpoint on one address ({@code host}, default 127.0.0.1) instead of
 * every interface: what {@code ./sparsight run|demo --prometheus-port P} start. Clusters use Flink's own
 * PrometheusReporterFactory (deploy/). It sits in Flink's package because the reporter's registry is package-private
 * there; nothing else of Flink's is changed.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    public static final String HOST = "host";
    public static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty(HOST, "127.0.0.1");
        int port = Integer.parseInt(properties.getProperty(PORT, "9249"));
        return new LoopbackPrometheusReporter(host, port);
    }

    /** The reporter: Flink's metric-to-collector mapping, served on host:port. */
    static final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
        private final String host;
        private final int port;
        private HTTPServer server;

        LoopbackPrometheusReporter(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public void open(MetricConfig config) {
            super.open(config);
            try {
                server = new HTTPServer(new InetSocketAddress(host, port), registry, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve Prometheus metrics on " + host + ":" + port
                        + " (is the port taken?)", e);
            }
            log.info("Prometheus metrics on http://{}:{}/metrics", host, port);
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
