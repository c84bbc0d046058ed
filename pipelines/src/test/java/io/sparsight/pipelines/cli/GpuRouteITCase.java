package io.sparsight.pipelines.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented GPU route, as far as a machine without a GPU can check it: the built jar carries the CUDA 12.8 JNI
 * library, and {@code ./sparsight engine} (the launcher running that jar, in a process of its own so that DJL reads
 * the environment afresh) with {@code PYTORCH_FLAVOR=cu128} makes DJL pick that JNI library and fail only on what is
 * really missing, with one line that says which.
 */
class GpuRouteITCase {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = HOME.resolve("pipelines/target/sparsight.jar");

    @TempDir
    static Path djlCache;

    /** A copy of the CPU libtorch DJL unpacked from the jar in the first run: a libtorch without CUDA. */
    static Path cpuLibtorch;

    @BeforeAll
    static void theBundledCpuEngineLoads() throws Exception {
        Result cpu = engine(Map.of());
        assertThat(cpu.exit).as(cpu.toString()).isZero();
        assertThat(cpu.stdout).contains("flavor:   cpu (bundled)").contains("GPUs:     0").contains("auto:     cpu()");
        // libtorch's own files only: DJL uses a JNI library that lies in the libtorch folder before its bundled ones
        Path unpacked;
        try (Stream<Path> files = Files.walk(djlCache)) {
            unpacked = files.filter(p -> p.getFileName().toString().equals("libtorch.so")).findFirst()
                    .orElseThrow().getParent();
        }
        cpuLibtorch = Files.createDirectories(djlCache.resolve("cpu-libtorch"));
        try (Stream<Path> files = Files.list(unpacked)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().contains("djl_torch")).toList()) {
                Files.copy(file, cpuLibtorch.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void theJarCarriesTheCudaJniLibrary() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry("jnilib/linux-x86_64/cu128/libdjl_torch.so")).as("CUDA 12.8 JNI in " + JAR).isNotNull();
            assertThat(jar.getEntry("jnilib/linux-x86_64/cpu/libdjl_torch.so")).isNotNull();
        }
    }

    @Test
    void cudaWithoutALibraryPathSaysSo() throws Exception {
        Result r = engine(Map.of("PYTORCH_FLAVOR", "cu128", "PYTORCH_VERSION", "2.7.1"));
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr).contains("PYTORCH_FLAVOR=cu128").contains("PYTORCH_LIBRARY_PATH is not set");
    }

    @Test
    void aFolderWithoutLibtorchSaysSo() throws Exception {
        Result r = engine(Map.of("PYTORCH_FLAVOR", "cu128", "PYTORCH_LIBRARY_PATH", djlCache.toString()));
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr).contains("holds no libtorch.so");
    }

    @Test
    void aCpuLibtorchLoadsTheCudaJniWhichNamesTheMissingCudaLibrary() throws Exception {
        Result r = engine(Map.of("PYTORCH_FLAVOR", "cu128", "PYTORCH_VERSION", "2.7.1",
                "PYTORCH_LIBRARY_PATH", cpuLibtorch.toString()));
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr).as("DJL picked the bundled CUDA JNI and it needs CUDA libtorch")
                .contains("jnilib/linux-x86_64/cu128")
                .contains("libc10_cuda")
                .contains("holds a CPU build of libtorch");
        try (Stream<Path> files = Files.walk(djlCache)) {
            assertThat(files.map(Path::toString)).as("the CUDA JNI unpacked by DJL")
                    .anyMatch(p -> p.contains("2.7.1-cu128-linux-x86_64") && p.endsWith("libdjl_torch.so"));
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    /** {@code ./sparsight engine} on the built jar, with DJL's cache in the test's folder and the given variables. */
    private static Result engine(Map<String, String> env) throws Exception {
        ProcessBuilder process = new ProcessBuilder(List.of("bash", HOME.resolve("sparsight").toString(), "engine"));
        process.environment().keySet().removeIf(k -> k.startsWith("PYTORCH_"));
        process.environment().put("SPARSIGHT_JAR", JAR.toString());
        process.environment().put("DJL_CACHE_DIR", djlCache.toString());
        process.environment().put("SPARSIGHT_HEAP", "512m");
        process.environment().putAll(env);
        Path out = Files.createTempFile(djlCache, "engine", ".out");
        Path err = Files.createTempFile(djlCache, "engine", ".err");
        Process p = process.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("sparsight engine did not end in 5 minutes");
        }
        Result result = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
