package io.sparsight.operators.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;

/** Captures every log line (message and stack trace) of this JVM while open, for leak scans. */
public final class CapturedLogs implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context;

    public CapturedLogs() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder()
                .setName("captured-logs")
                .setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m %throwable%n").build())
                .build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        Configurator.setRootLevel(Level.INFO);
        Configurator.setLevel("io.sparsight", Level.ALL);
        Configurator.setLevel("ffmpeg", Level.ALL);
    }

    public String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender("captured-logs");
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel("io.sparsight", Level.INFO);
        Configurator.setLevel("ffmpeg", Level.WARN);
        context.updateLoggers();
        appender.stop();
    }
}
