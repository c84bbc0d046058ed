package io.sparsight.operators.clips;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where clips and snapshots are kept: a folder or any URI Flink's file systems write (a local folder by default; S3
 * or HDFS on a cluster with the plugin), as {@code <store>/<camera>/<name>}. Retention deletes files older than the
 * age limit, then the oldest while the store holds more than its size limit.
 */
public final class ClipStore {

    private final Path root;

    public ClipStore(String store) {
        URI uri = URI.create(store.replace('\\', '/'));
        this.root = uri.getScheme() == null || uri.getScheme().length() == 1
                ? new Path(new File(store).getAbsoluteFile().toURI())
                : new Path(uri);
    }

    /** What a retention pass deleted, and what is left. */
    public record Retention(int deleted, long freedBytes, long keptBytes, int keptFiles) {}

    /** Writes {@code local} as {@code <camera>/<name>}; returns its URI. A failed write leaves no partial file. */
    public String put(String camera, String name, File local) throws IOException {
        Path target = pathOf(camera, name);
        FileSystem fs = target.getFileSystem();
        try (OutputStream out = fs.create(target, WriteMode.OVERWRITE)) {
            Files.copy(local.toPath(), out);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fs, target);
            throw e;
        }
        return target.toUri().toString();
    }

    /** Writes {@code bytes} as {@code <camera>/<name>}; returns its URI. */
    public String put(String camera, String name, byte[] bytes) throws IOException {
        Path target = pathOf(camera, name);
        FileSystem fs = target.getFileSystem();
        try (OutputStream out = fs.create(target, WriteMode.OVERWRITE)) {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fs, target);
            throw e;
        }
        return target.toUri().toString();
    }

    /** Whether {@code <camera>/<name>} exists. */
    public boolean exists(String camera, String name) throws IOException {
        Path path = pathOf(camera, name);
        return path.getFileSystem().exists(path);
    }

    public String uriOf(String camera, String name) {
        return pathOf(camera, name).toUri().toString();
    }

    /** Deletes files older than {@code maxAgeMs} (before {@code nowMs}), then the oldest while over {@code maxBytes}. */
    public Retention enforce(long nowMs, long maxAgeMs, long maxBytes) throws IOException {
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return new Retention(0, 0, 0, 0);
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus camera : fs.listStatus(root)) {
            if (camera.isDir()) {
                for (FileStatus file : fs.listStatus(camera.getPath())) {
                    if (!file.isDir()) {
                        files.add(file);
                    }
                }
            }
        }
        files.sort(Comparator.comparingLong(FileStatus::getModificationTime));
        long total = files.stream().mapToLong(FileStatus::getLen).sum();
        int deleted = 0;
        long freed = 0;
        for (FileStatus file : files) {
            boolean tooOld = nowMs - file.getModificationTime() > maxAgeMs;
            if (!tooOld && total <= maxBytes) {
                break;
            }
            if (fs.delete(file.getPath(), false)) {
                deleted++;
                freed += file.getLen();
                total -= file.getLen();
            }
        }
        return new Retention(deleted, freed, total, files.size() - deleted);
    }

    public String root() {
        return root.toUri().toString();
    }

    private Path pathOf(String camera, String name) {
        return new Path(new Path(root, safe(camera)), safe(name));
    }

    /** A camera id or file name as one safe path segment. */
    static String safe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, false);
        } catch (IOException | RuntimeException ignored) {
            // the write already failed; that error is the one reported
        }
    }
}
