package io.sparsight.pipelines.ui;

import io.sparsight.operators.metrics.SparsightMetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cameras' analysed frames per second, scraped every 5 s from a job's Prometheus endpoint ({@code run
 * --prometheus-port}, or a cluster's reporter), by the camera label as the reporter writes it ('-' becomes '_').
 * Without an endpoint there are none.
 */
final class CameraRates implements AutoCloseable {

    private static final Pattern LINE = Pattern.compile("(?m)^flink_\\w*_" + SparsightMetrics.ANALYSED_FPS
            + "\\{[^}]*camera=\"([^\"]*)\"[^}]*\\} (\\S+)");

    private final String url;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Map<String, Double> latest = Map.of();

    CameraRates(String url) {
        this.url = url;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ui-camera-rates");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        if (url != null) {
            scheduler.scheduleWithFixedDelay(this::scrape, 0, 5, TimeUnit.SECONDS);
        }
    }

    /** Analysed fps by camera label ('-' written as '_'). */
    Map<String, Double> latest() {
        return latest;
    }

    private void scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Double> rates = new TreeMap<>();
            Matcher m = LINE.matcher(response.body());
            while (m.find()) {
                rates.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
            latest = rates;
        } catch (IOException | RuntimeException e) {
            latest = Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
